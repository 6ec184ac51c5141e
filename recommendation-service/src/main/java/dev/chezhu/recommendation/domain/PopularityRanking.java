package dev.chezhu.recommendation.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ranking rule of the popularity model, as pure logic: items owners liked (positive popularity)
 * first, most popular first; then the catalogue in editorial order for items nobody has rated; then
 * items owners turned away from (negative popularity), least disliked first. Retired items and the
 * listener's recent plays never appear. Ties break on editorial order, then on item ID, so the same
 * signals always give the same answer.
 */
public final class PopularityRanking {

    public static final String POPULAR_WITH_OWNERS = "POPULAR_WITH_OWNERS";
    public static final String EDITORS_PICK = "EDITORS_PICK";
    static final String POPULAR_REASON = "Popular with other owners";
    static final String EDITORS_REASON = "Picked by our editors";

    private PopularityRanking() {
    }

    /** A catalogue item with its popularity; {@code score} is null when no event ever touched it. */
    public record Candidate(CatalogueItem item, Double score) {

        int tier() {
            if (score != null && score > 0) {
                return 0;
            }
            return score == null || score == 0 ? 1 : 2;
        }

        double effectiveScore() {
            return score == null ? 0 : score;
        }
    }

    private static final Comparator<Candidate> ORDER = Comparator
            .comparingInt(Candidate::tier)
            .thenComparing((a, b) -> a.tier() == 1 ? 0 : Double.compare(b.effectiveScore(), a.effectiveScore()))
            .thenComparingInt(c -> c.item().editorialPosition())
            .thenComparing(c -> c.item().id());

    public static List<RankedItem> rank(Collection<Candidate> candidates, Set<String> recentlyPlayed, int count) {
        Map<String, Candidate> unique = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            unique.putIfAbsent(candidate.item().id(), candidate);
        }
        return unique.values().stream()
                .filter(c -> !c.item().retired())
                .filter(c -> !recentlyPlayed.contains(c.item().id()))
                .sorted(ORDER)
                .limit(Math.max(count, 0))
                .map(c -> c.tier() == 0
                        ? new RankedItem(c.item(), c.effectiveScore(), POPULAR_WITH_OWNERS, POPULAR_REASON)
                        : new RankedItem(c.item(), c.effectiveScore(), EDITORS_PICK, EDITORS_REASON))
                .toList();
    }
}
