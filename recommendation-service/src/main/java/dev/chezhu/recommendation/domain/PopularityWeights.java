package dev.chezhu.recommendation.domain;

/**
 * How much one event moves an item's popularity in model {@value PopularityRanker#MODEL_VERSION}.
 * A listen usually arrives as STARTED followed by COMPLETED or SKIPPED, so the weights are chosen
 * for those sums: started-then-completed is clearly positive, started-then-skipped is negative.
 * Changing a weight changes the model: bump the model version with it.
 */
public final class PopularityWeights {

    private PopularityWeights() {
    }

    public static double weight(EventType type) {
        return switch (type) {
            case STARTED -> 1.0;
            case COMPLETED -> 3.0;
            case LIKED -> 4.0;
            case SKIPPED -> -2.0;
            case DISLIKED -> -4.0;
        };
    }
}
