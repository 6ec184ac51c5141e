package dev.chezhu.recommendation.domain;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/** Answering a recommendation request with the current {@link Ranker}. */
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
                .flatMap(query -> ranker.rank(query))
                .map(items -> new RecommendationList(items, ranker.modelVersion()));
    }
}
