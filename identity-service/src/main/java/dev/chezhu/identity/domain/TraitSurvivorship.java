package dev.chezhu.identity.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.chezhu.identity.domain.PersonProfile.TraitValue;

/**
 * Picks one value per trait when several sources disagree: the more trusted source wins, then the
 * most recent observation. Trust is per trait: by default the dealer CRM is trusted most (staff saw
 * the customer's documents), and a trait may have its own order (e.g. the app knows the current
 * city better than a CRM record from the purchase).
 */
public final class TraitSurvivorship {

    public static final List<String> DEFAULT_SOURCE_PRIORITY = List.of("dealer_crm", "store_visit", "app",
            "mini_program", "call_centre", "head_unit");

    private final List<String> defaultPriority;
    private final Map<String, List<String>> traitPriority;

    public TraitSurvivorship(List<String> defaultPriority, Map<String, List<String>> traitPriority) {
        this.defaultPriority = List.copyOf(defaultPriority);
        this.traitPriority = Map.copyOf(traitPriority);
    }

    public static TraitSurvivorship defaults() {
        return new TraitSurvivorship(DEFAULT_SOURCE_PRIORITY, Map.of());
    }

    /** A trait as one source reported it. */
    public record Reported(String key, TraitValue value) {
    }

    int rank(String key, String source) {
        List<String> priority = traitPriority.getOrDefault(key, defaultPriority);
        String family = source.contains(":") ? source.substring(0, source.indexOf(':')) : source;
        int index = priority.indexOf(family);
        return index < 0 ? priority.size() : index;
    }

    private Comparator<TraitValue> bestFirst(String key) {
        return Comparator.comparingInt((TraitValue v) -> rank(key, v.source()))
                .thenComparing(TraitValue::observedAt, Comparator.reverseOrder())
                .thenComparing(TraitValue::source)
                .thenComparing(TraitValue::value);
    }

    public Map<String, TraitValue> survivors(List<Reported> reported) {
        Map<String, TraitValue> best = new TreeMap<>();
        for (Reported r : reported) {
            Comparator<TraitValue> order = bestFirst(r.key());
            best.merge(r.key(), r.value(), (a, b) -> order.compare(a, b) <= 0 ? a : b);
        }
        return best;
    }
}
