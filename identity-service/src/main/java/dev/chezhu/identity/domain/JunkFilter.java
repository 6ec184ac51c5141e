package dev.chezhu.identity.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises junk identifier values that touchpoints fill in when they have nothing real: test
 * numbers, repeated digits, "null", "anonymous", test@test.com. Applied to normalised values, so
 * one rule covers every spelling. Values and patterns come from configuration. Pure logic.
 */
public final class JunkFilter {

    private final Set<String> anyTypeValues;
    private final List<Pattern> anyTypePatterns;
    private final Map<IdentifierKind, List<Pattern>> patterns;

    /**
     * @param values   placeholders blocked for every type (compared case-insensitively), or
     *                 {@code KIND:value} entries blocked for one type (e.g. {@code PHONE:+8612345678901})
     * @param patterns regular expressions on the normalised value, per kind; key {@code ANY} for all
     */
    public JunkFilter(List<String> values, Map<String, List<String>> patterns) {
        this.anyTypeValues = new HashSet<>();
        for (String value : values) {
            anyTypeValues.add(value.trim().toLowerCase(Locale.ROOT));
        }
        this.anyTypePatterns = new ArrayList<>();
        this.patterns = new EnumMap<>(IdentifierKind.class);
        patterns.forEach((kind, list) -> {
            List<Pattern> compiled = list.stream().map(String::trim).filter(p -> !p.isEmpty()).map(Pattern::compile)
                    .toList();
            if (kind.equalsIgnoreCase("any")) {
                anyTypePatterns.addAll(compiled);
            } else {
                this.patterns.computeIfAbsent(IdentifierKind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_')),
                        k -> new ArrayList<>()).addAll(compiled);
            }
        });
    }

    /** True when the value is a placeholder or test value that must never identify anyone. */
    public boolean isJunk(IdentifierKey key) {
        String value = key.value().toLowerCase(Locale.ROOT);
        if (anyTypeValues.contains(value) || anyTypeValues.contains(key.kind().name().toLowerCase(Locale.ROOT) + ':' + value)) {
            return true;
        }
        for (Pattern pattern : anyTypePatterns) {
            if (pattern.matcher(key.value()).find()) {
                return true;
            }
        }
        for (Pattern pattern : patterns.getOrDefault(key.kind(), List.of())) {
            if (pattern.matcher(key.value()).find()) {
                return true;
            }
        }
        return false;
    }
}
