package dev.chezhu.identity.domain;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The resolution guardrails as configured: junk values, how many identifiers of a type one person
 * may have, which identifier wins when they disagree, and when an identifier counts as shared.
 */
public final class Guardrails {

    private final JunkFilter junk;
    private final Map<IdentifierKind, Integer> limits = new EnumMap<>(IdentifierKind.class);
    private final Map<IdentifierKind, Integer> priorities = new EnumMap<>(IdentifierKind.class);
    private final int quarantineAfterPersons;

    /**
     * @param limits                 per kind, how many values one person may have (per scope for scoped kinds)
     * @param priorities             per kind, higher wins when identifiers point at different people
     * @param quarantineAfterPersons an identifier seen with this many persons other than its owner is quarantined
     */
    public Guardrails(JunkFilter junk, Map<String, Integer> limits, Map<String, Integer> priorities,
            int quarantineAfterPersons) {
        this.junk = junk;
        limits.forEach((kind, limit) -> this.limits.put(kind(kind), limit));
        priorities.forEach((kind, priority) -> this.priorities.put(kind(kind), priority));
        if (quarantineAfterPersons < 1) {
            throw new IllegalArgumentException("quarantine threshold must be at least 1");
        }
        this.quarantineAfterPersons = quarantineAfterPersons;
    }

    private static IdentifierKind kind(String name) {
        return IdentifierKind.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public boolean isJunk(IdentifierKey key) {
        return junk.isJunk(key);
    }

    /** How many identifiers of this kind (per scope for scoped kinds) one person may have. */
    public int limit(IdentifierKind kind) {
        return limits.getOrDefault(kind, Integer.MAX_VALUE);
    }

    public int priority(IdentifierKind kind) {
        return priorities.getOrDefault(kind, 0);
    }

    public int quarantineAfterPersons() {
        return quarantineAfterPersons;
    }
}
