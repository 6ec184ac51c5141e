package dev.chezhu.recommendation.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.chezhu.recommendation.domain.AudioKind;
import dev.chezhu.recommendation.domain.CatalogueItem;

/**
 * Trains model {@value ModelSnapshot#FAMILY} from listening events, in memory and in seconds:
 * <ul>
 * <li>per listener and item the summed implicit preference ({@link ImplicitFeedback});</li>
 * <li>item-item cosine similarity over the iALS-style confidences of positive preferences, shrunk
 * towards 0 for pairs few listeners share, top {@code neighbours} per item;</li>
 * <li>time-decayed popularity, trending (recent window), and popularity per profile segment
 * (vehicle model, brand, region, interest tag, lifecycle) for cold start;</li>
 * <li>per context cell (place × kind, day part × kind) the share of plays that end well, and its
 * lift over the kind's overall share.</li>
 * </ul>
 * Events for items not in the catalogue are ignored: they never reach the model.
 */
public final class ModelTrainer {

    /** Tuning; the defaults are the ones chosen by the offline evaluation (see README). */
    public record Params(int neighbours, double shrink, Duration popularityHalfLife, Duration trendingWindow,
            double contextPrior) {

        public static final Params DEFAULT = new Params(50, 20.0, Duration.ofDays(30), Duration.ofDays(7), 20.0);
    }

    /** A preference below this is a listener turning away from the item. */
    static final double NEGATIVE = -0.3;

    private final Params params;

    public ModelTrainer(Params params) {
        this.params = params;
    }

    public ModelTrainer() {
        this(Params.DEFAULT);
    }

    /**
     * @param catalogue every known item (retired ones too: their events still teach similarities)
     * @param segmentsByListener profile segments of the listeners that have them
     */
    public ModelSnapshot train(String version, Instant now, Collection<TrainingEvent> events,
            Map<String, CatalogueItem> catalogue, Map<String, List<String>> segmentsByListener) {
        List<String> itemIds = new ArrayList<>(catalogue.keySet());
        itemIds.sort(null);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < itemIds.size(); i++) {
            index.put(itemIds.get(i), i);
        }
        int n = itemIds.size();

        // per listener: item -> {preference, last event time}
        Map<String, Map<Integer, double[]>> byListener = new HashMap<>();
        Map<String, double[]> cells = new HashMap<>();
        double[] kindCounts = new double[AudioKind.values().length * 2];
        for (TrainingEvent event : events) {
            Integer item = index.get(event.itemId());
            if (item == null) {
                continue;
            }
            CatalogueItem facts = catalogue.get(event.itemId());
            double[] cell = byListener.computeIfAbsent(event.listener(), k -> new HashMap<>())
                    .computeIfAbsent(item, k -> new double[] { 0, Double.NEGATIVE_INFINITY });
            cell[0] += ImplicitFeedback.preference(event.type(), event.listened(), facts.duration());
            cell[1] = Math.max(cell[1], event.time().toEpochMilli());
            int outcome = ImplicitFeedback.outcome(event.type(), event.listened(), facts.duration());
            if (outcome >= 0) {
                String place = ContextKeys.placeCell(ContextKeys.place(event.context()), facts.kind());
                String dayPart = ContextKeys.dayPartCell(ContextKeys.dayPart(event.context()), facts.kind());
                for (String key : List.of(place, dayPart)) {
                    double[] counts = cells.computeIfAbsent(key, k -> new double[2]);
                    counts[0]++;
                    counts[1] += outcome;
                }
                kindCounts[facts.kind().ordinal() * 2]++;
                kindCounts[facts.kind().ordinal() * 2 + 1] += outcome;
            }
        }

        double[] popularity = new double[n];
        double[] trending = new double[n];
        int[] support = new int[n];
        double halfLifeMs = params.popularityHalfLife().toMillis();
        long trendingFrom = now.minus(params.trendingWindow()).toEpochMilli();
        Map<String, double[]> segmentCounts = new HashMap<>();
        Map<String, Integer> segmentSupport = new HashMap<>();
        Similarity similarity = new Similarity(n);
        int[] positives = new int[n];
        double[] confidences = new double[n];

        for (Map.Entry<String, Map<Integer, double[]>> listener : byListener.entrySet()) {
            int count = 0;
            for (Map.Entry<Integer, double[]> entry : listener.getValue().entrySet()) {
                double preference = entry.getValue()[0];
                int item = entry.getKey();
                double age = Math.max(0, now.toEpochMilli() - entry.getValue()[1]);
                double decay = Math.pow(0.5, age / halfLifeMs);
                if (preference < NEGATIVE) {
                    // turned away from it: counts against the item's popularity
                    popularity[item] -= 0.5 * decay;
                }
                if (preference <= 0) {
                    continue;
                }
                popularity[item] += decay;
                if (entry.getValue()[1] >= trendingFrom) {
                    trending[item] += 1;
                }
                support[item]++;
                positives[count] = item;
                confidences[count] = ImplicitFeedback.confidence(preference);
                count++;
            }
            if (count == 0) {
                continue;
            }
            similarity.addListener(positives, confidences, count);
            for (String segment : segmentsByListener.getOrDefault(listener.getKey(), List.of())) {
                double[] scores = segmentCounts.computeIfAbsent(segment, k -> new double[n]);
                for (int k = 0; k < count; k++) {
                    scores[positives[k]] += 1;
                }
                segmentSupport.merge(segment, 1, Integer::sum);
            }
        }

        Map<String, Neighbours> neighbours = similarity.topNeighbours(itemIds, params.neighbours(), params.shrink());
        Map<String, Map<String, Double>> segmentScores = new HashMap<>();
        segmentCounts.forEach((segment, scores) -> segmentScores.put(segment, normalised(itemIds, scores)));
        Map<String, Integer> itemSupport = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (support[i] > 0) {
                itemSupport.put(itemIds.get(i), support[i]);
            }
        }

        Map<String, Double> rates = new HashMap<>();
        Map<String, Double> lifts = new HashMap<>();
        cells.forEach((key, counts) -> {
            AudioKind kind = AudioKind.valueOf(key.substring(key.indexOf('|') + 1));
            double kindRate = (kindCounts[kind.ordinal() * 2 + 1] + 1) / (kindCounts[kind.ordinal() * 2] + 2);
            double rate = (counts[1] + params.contextPrior() * kindRate) / (counts[0] + params.contextPrior());
            rates.put(key, rate);
            lifts.put(key, rate / kindRate);
        });

        return new ModelSnapshot(version, now, neighbours, normalised(itemIds, popularity),
                normalised(itemIds, trending), segmentScores, segmentSupport, rates, lifts, itemSupport);
    }

    private static Map<String, Double> normalised(List<String> itemIds, double[] scores) {
        double max = 0;
        for (double score : scores) {
            max = Math.max(max, Math.abs(score));
        }
        Map<String, Double> result = new HashMap<>();
        if (max <= 0) {
            return result;
        }
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != 0) {
                // negative scores (more turned away than liked) stay negative, down to -1
                result.put(itemIds.get(i), Math.max(-1, scores[i] / max));
            }
        }
        return result;
    }

    /** Co-occurrence of confidences: dense for catalogues up to 4,096 items, sparse beyond. */
    static final class Similarity {
        private static final int DENSE_LIMIT = 4096;
        private final int n;
        private final float[] dense;
        private final Map<Long, Double> sparse;
        private final double[] norms;

        Similarity(int n) {
            this.n = n;
            this.dense = n <= DENSE_LIMIT ? new float[n * n] : null;
            this.sparse = n <= DENSE_LIMIT ? null : new HashMap<>();
            this.norms = new double[n];
        }

        void addListener(int[] items, double[] confidences, int count) {
            for (int a = 0; a < count; a++) {
                norms[items[a]] += confidences[a] * confidences[a];
                for (int b = a + 1; b < count; b++) {
                    int i = Math.min(items[a], items[b]);
                    int j = Math.max(items[a], items[b]);
                    double product = confidences[a] * confidences[b];
                    if (dense != null) {
                        dense[i * n + j] += (float) product;
                    } else {
                        sparse.merge(((long) i << 32) | j, product, Double::sum);
                    }
                }
            }
        }

        private double get(int i, int j) {
            int lo = Math.min(i, j);
            int hi = Math.max(i, j);
            if (dense != null) {
                return dense[lo * n + hi];
            }
            return sparse.getOrDefault(((long) lo << 32) | hi, 0.0);
        }

        Map<String, Neighbours> topNeighbours(List<String> itemIds, int k, double shrink) {
            Map<String, Neighbours> result = new HashMap<>();
            List<List<int[]>> pairs = null;
            if (sparse != null) {
                pairs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    pairs.add(new ArrayList<>());
                }
                for (Long key : sparse.keySet()) {
                    int i = (int) (key >>> 32);
                    int j = (int) (long) key;
                    pairs.get(i).add(new int[] { j });
                    pairs.get(j).add(new int[] { i });
                }
            }
            double[] sims = new double[n];
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                if (norms[i] == 0) {
                    continue;
                }
                int candidates = 0;
                if (dense != null) {
                    for (int j = 0; j < n; j++) {
                        if (j != i && norms[j] > 0) {
                            double co = get(i, j);
                            if (co > 0) {
                                sims[j] = co / (Math.sqrt(norms[i]) * Math.sqrt(norms[j]) + shrink);
                                order[candidates++] = j;
                            }
                        }
                    }
                } else {
                    for (int[] other : pairs.get(i)) {
                        int j = other[0];
                        sims[j] = get(i, j) / (Math.sqrt(norms[i]) * Math.sqrt(norms[j]) + shrink);
                        order[candidates++] = j;
                    }
                }
                if (candidates == 0) {
                    continue;
                }
                Integer[] top = java.util.Arrays.copyOf(order, candidates);
                java.util.Arrays.sort(top, (a, b) -> Double.compare(sims[b], sims[a]));
                int size = Math.min(k, candidates);
                String[] items = new String[size];
                float[] values = new float[size];
                for (int r = 0; r < size; r++) {
                    items[r] = itemIds.get(top[r]);
                    values[r] = (float) sims[top[r]];
                }
                result.put(itemIds.get(i), new Neighbours(items, values));
            }
            return result;
        }
    }
}
