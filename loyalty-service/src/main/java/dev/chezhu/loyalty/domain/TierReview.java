package dev.chezhu.loyalty.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The tier review, run by a scheduled job (and ReviewTiers) with an explicit "now": each account whose
 * review date passed keeps its tier if it still qualifies (and is reviewed again a period later), or
 * moves down to the tier it qualifies for. Upgrades never wait for this: they happen when points are
 * earned.
 */
@ApplicationScoped
public class TierReview {

    public static final int BATCH = 500;

    private final PointsClockSteps steps;

    public TierReview(PointsClockSteps steps) {
        this.steps = steps;
    }

    public record Run(int reviewed, int downgraded, int kept) {
    }

    @WithSpan("TierReview.run")
    public Uni<Run> run(Instant now, String personId) {
        return steps.dueForReview(now, personId, BATCH).flatMap(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(id -> steps.review(id, now))
                .collect().asList()
                .map(outcomes -> {
                    int downgraded = (int) outcomes.stream().filter(o -> o == 1).count();
                    int kept = (int) outcomes.stream().filter(o -> o == 0).count();
                    return new Run(downgraded + kept, downgraded, kept);
                }));
    }
}
