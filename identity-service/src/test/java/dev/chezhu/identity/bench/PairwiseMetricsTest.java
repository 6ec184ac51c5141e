package dev.chezhu.identity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.bench.PairwiseMetrics.Labelled;

class PairwiseMetricsTest {

    @Test
    void perfectClusteringScoresOne() {
        PairwiseMetrics m = PairwiseMetrics.of(List.of(new Labelled("a", "1"), new Labelled("a", "1"),
                new Labelled("b", "2")));
        assertEquals(1.0, m.precision());
        assertEquals(1.0, m.recall());
        assertEquals(0, m.falselyJoinedPersonPairs());
    }

    @Test
    void aSplitCostsRecallAndAFalseMergeCostsPrecision() {
        // a: 3 observations split 2+1; b and c wrongly joined in one person
        PairwiseMetrics m = PairwiseMetrics.of(List.of(new Labelled("a", "1"), new Labelled("a", "1"),
                new Labelled("a", "2"), new Labelled("b", "3"), new Labelled("c", "3")));
        // true pairs: a:3 -> TP: (a,1) 1 pair; predicted pairs: 1:1, 3:1 = 2
        assertEquals(1, m.truePositivePairs());
        assertEquals(2, m.predictedPairs());
        assertEquals(3, m.truePairs());
        assertEquals(0.5, m.precision());
        assertEquals(1.0 / 3, m.recall(), 1e-9);
        assertEquals(1, m.impureClusters());
        assertEquals(1, m.falselyJoinedPersonPairs());
    }

    @Test
    void theGeneratorIsDeterministic() {
        var first = new SyntheticTouchpoints(42, 5).generate(50, "p");
        var second = new SyntheticTouchpoints(42, 5).generate(50, "p");
        assertEquals(first, second);
    }
}
