package dev.chezhu.recommendation.domain.model;

import java.time.Instant;
import java.util.Map;

/**
 * A trained model, as the ranker serves it: precomputed by {@link ModelTrainer}, published to Redis
 * by the training job and held in memory by every replica.
 *
 * @param neighbours item → most similar items (item-item cosine over implicit confidences)
 * @param popularity item → share of listeners who liked it, time-decayed, 0..1
 * @param trending item → recent positive plays (last days), 0..1
 * @param segmentScores segment → item → popularity among the segment's listeners, 0..1
 * @param segmentSupport segment → listeners in it with at least one positive play
 * @param contextRates context cell → smoothed share of plays that ended well
 * @param contextLifts context cell → that share relative to the kind's overall share
 * @param itemSupport item → listeners with a positive preference (how much the model knows it)
 */
public record ModelSnapshot(String version, Instant trainedAt, Map<String, Neighbours> neighbours,
        Map<String, Double> popularity, Map<String, Double> trending, Map<String, Map<String, Double>> segmentScores,
        Map<String, Integer> segmentSupport, Map<String, Double> contextRates, Map<String, Double> contextLifts,
        Map<String, Integer> itemSupport) {

    public static final String FAMILY = "knn-ctx-v1";

    /** Before the first training: no signals at all, the ranker falls back to the editors' order. */
    public static ModelSnapshot empty() {
        return new ModelSnapshot(FAMILY + "/untrained", Instant.EPOCH, Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), Map.of(), Map.of());
    }

    public Neighbours neighboursOf(String item) {
        return neighbours.getOrDefault(item, Neighbours.NONE);
    }
}
