package dev.chezhu.identity.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.chezhu.identity.domain.PersonProfile.TraitValue;

/**
 * Picks one value per trait when several sources disagree: the more trusted source wins, then the
 * most recent observation. The dealer CRM is trusted most (staff saw the customer's documents).
 */
public final class TraitSurvivorship {

    private static final List<String> SOURCE_PRIORITY = List.of("dealer_crm", "store_visit", "app", "mini_program",
            "call_centre", "head_unit");

    private TraitSurvivorship() {
    }

    /** A trait as one source reported it. */
    public record Reported(String key, TraitValue value) {
    }

    static int rank(String source) {
        String family = source.contains(":") ? source.substring(0, source.indexOf(':')) : source;
        int index = SOURCE_PRIORITY.indexOf(family);
        return index < 0 ? SOURCE_PRIORITY.size() : index;
    }

    private static final Comparator<TraitValue> BEST_FIRST = Comparator
            .comparingInt((TraitValue v) -> rank(v.source()))
            .thenComparing(TraitValue::observedAt, Comparator.reverseOrder());

    public static Map<String, TraitValue> survivors(List<Reported> reported) {
        Map<String, TraitValue> best = new TreeMap<>();
        for (Reported r : reported) {
            best.merge(r.key(), r.value(), (a, b) -> BEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        return best;
    }
}
