package dev.chezhu.recommendation.domain;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * Answering a recommendation request: validate, check the caller may speak for the listener, rank
 * with the current {@link Ranker} (which follows a merged person ID to its survivor).
 */
@ApplicationScoped
public class Recommendations {

    private final Ranker ranker;

    public Recommendations(Ranker ranker) {
        this.ranker = ranker;
    }

    @WithSpan("Recommendations.recommend")
    public Uni<RecommendationList> recommend(RecommendCommand command, Caller caller) {
        return Uni.createFrom().item(() -> RecommendQueryValidator.validate(command))
                .invoke(query -> ListenerAccess.check(caller, query.listener()))
                .flatMap(ranker::rank);
    }
}
