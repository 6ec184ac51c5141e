package dev.chezhu.identity.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairwise clustering quality: over all pairs of observations, a pair is a true positive when the
 * resolver put both in one person and they are one true person. Also counts the true persons a
 * predicted person wrongly joins (false merges).
 */
public record PairwiseMetrics(long truePositivePairs, long predictedPairs, long truePairs, int predictedClusters,
        int trueClusters, int impureClusters, long falselyJoinedPersonPairs) {

    /** One observation: its true person and the person the resolver ended up with. */
    public record Labelled(String truth, String predicted) {
    }

    public static PairwiseMetrics of(List<Labelled> observations) {
        Map<String, Long> byTruth = new HashMap<>();
        Map<String, Long> byPredicted = new HashMap<>();
        Map<String, Long> byBoth = new HashMap<>();
        Map<String, Set<String>> truthsPerPredicted = new HashMap<>();
        for (Labelled o : observations) {
            byTruth.merge(o.truth(), 1L, Long::sum);
            byPredicted.merge(o.predicted(), 1L, Long::sum);
            byBoth.merge(o.truth() + '\u0000' + o.predicted(), 1L, Long::sum);
            truthsPerPredicted.computeIfAbsent(o.predicted(), p -> new HashSet<>()).add(o.truth());
        }
        long tp = byBoth.values().stream().mapToLong(PairwiseMetrics::pairs).sum();
        long predicted = byPredicted.values().stream().mapToLong(PairwiseMetrics::pairs).sum();
        long truth = byTruth.values().stream().mapToLong(PairwiseMetrics::pairs).sum();
        int impure = (int) truthsPerPredicted.values().stream().filter(s -> s.size() > 1).count();
        long joined = truthsPerPredicted.values().stream().mapToLong(s -> pairs(s.size())).sum();
        return new PairwiseMetrics(tp, predicted, truth, byPredicted.size(), byTruth.size(), impure, joined);
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }

    public double precision() {
        return predictedPairs == 0 ? 1.0 : (double) truePositivePairs / predictedPairs;
    }

    public double recall() {
        return truePairs == 0 ? 1.0 : (double) truePositivePairs / truePairs;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
