package dev.chezhu.recommendation.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.recommendation.persistence.CatalogueStore;
import dev.chezhu.recommendation.persistence.ListeningSignals;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.smallrye.mutiny.Uni;

/**
 * Model {@value #MODEL_VERSION}: what owners play most (weighted by {@link PopularityWeights}),
 * minus what this listener played recently, ordered by {@link PopularityRanking}. It reads a window
 * of the popularity board; only when that window cannot fill the answer (a young platform) does it
 * also read the editorial order, far enough to get past every scored item.
 */
@ApplicationScoped
public class PopularityRanker implements Ranker {

    public static final String MODEL_VERSION = "popularity-v1";
    /** Extra popular items read beyond what is needed, to make up for retired ones. */
    static final int RETIRED_SLACK = 20;

    private final ListeningSignals signals;
    private final CatalogueStore catalogue;

    public PopularityRanker(ListeningSignals signals, CatalogueStore catalogue) {
        this.signals = signals;
        this.catalogue = catalogue;
    }

    @Override
    public String modelVersion() {
        return MODEL_VERSION;
    }

    @Override
    @WithSpan("PopularityRanker.rank")
    public Uni<List<RankedItem>> rank(RecommendQuery query) {
        Span.current().setAttribute("recommendation.count", query.count());
        return signals.recentlyPlayed(query.listener().keys()).flatMap(recent -> {
            int needed = query.count() + recent.size();
            return signals.top(needed + RETIRED_SLACK)
                    .flatMap(top -> catalogue.findActive(top.stream().map(ScoredValue::value).toList())
                            .flatMap(active -> {
                                List<PopularityRanking.Candidate> popular = popular(top, active);
                                if (positiveUnplayed(popular, recent) >= query.count()) {
                                    return Uni.createFrom().item(PopularityRanking.rank(popular, recent, query.count()));
                                }
                                return withEditorial(popular, needed).map(
                                        candidates -> PopularityRanking.rank(candidates, recent, query.count()));
                            }));
        });
    }

    private Uni<List<PopularityRanking.Candidate>> withEditorial(List<PopularityRanking.Candidate> popular,
            int needed) {
        // past every scored item there are at least `needed` unscored ones, or the catalogue ends
        return signals.scoredItems()
                .flatMap(scored -> catalogue.editorialOrder((int) Math.min(Integer.MAX_VALUE - 1L, needed + scored)))
                .flatMap(editorial -> signals.scores(editorial.stream().map(CatalogueItem::id).toList())
                        .map(scores -> {
                            List<PopularityRanking.Candidate> candidates = new ArrayList<>(popular);
                            editorial.forEach(item -> candidates.add(
                                    new PopularityRanking.Candidate(item, scores.get(item.id()))));
                            return candidates;
                        }));
    }

    private static List<PopularityRanking.Candidate> popular(List<ScoredValue<String>> top,
            Map<String, CatalogueItem> active) {
        List<PopularityRanking.Candidate> candidates = new ArrayList<>();
        for (ScoredValue<String> scored : top) {
            CatalogueItem item = active.get(scored.value());
            if (item != null) {
                candidates.add(new PopularityRanking.Candidate(item, scored.score()));
            }
        }
        return candidates;
    }

    private static long positiveUnplayed(List<PopularityRanking.Candidate> popular, Set<String> recent) {
        return popular.stream().filter(c -> c.score() != null && c.score() > 0)
                .filter(c -> !recent.contains(c.item().id())).count();
    }
}
