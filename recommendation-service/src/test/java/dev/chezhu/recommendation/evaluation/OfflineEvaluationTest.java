package dev.chezhu.recommendation.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.chezhu.recommendation.domain.model.ModelSnapshot;
import dev.chezhu.recommendation.domain.model.ModelTrainer;
import dev.chezhu.recommendation.domain.model.Scorer;

/**
 * The offline evaluation of the README: {@code mvn -B -o test -pl recommendation-service -Peval}.
 * Prints the table and holds the model to its targets: at least twice the popularity baseline's
 * NDCG@10 overall, and a gain from profile attributes for cold-start listeners.
 */
@Tag("eval")
class OfflineEvaluationTest {

    @Test
    void theModelBeatsPopularityOverallAndProfilesHelpColdStart() {
        long generating = System.nanoTime();
        SyntheticWorld world = SyntheticWorld.generate(SyntheticWorld.Settings.DEFAULT);
        OfflineEvaluation evaluation = new OfflineEvaluation(world, 0.83);
        long generated = System.nanoTime();
        ModelSnapshot model = evaluation.trainModel(new ModelTrainer());
        long trained = System.nanoTime();
        Scorer scorer = new Scorer();

        List<OfflineEvaluation.Score> scores = new ArrayList<>();
        List<OfflineEvaluation.Score> popularity = evaluation.evaluate("popularity (baseline)", evaluation.popularity());
        List<OfflineEvaluation.Score> full = evaluation.evaluate("knn-ctx-v1 (service model)",
                evaluation.model(model, scorer, true, true));
        scores.addAll(evaluation.evaluate("oracle (ground truth, upper bound)", evaluation.oracle()));
        scores.addAll(popularity);
        scores.addAll(full);
        scores.addAll(evaluation.evaluate("knn-ctx-v1 without diversity", evaluation.model(model,
                new Scorer(Scorer.Options.DEFAULT.withDiversity(false)), true, true)));
        scores.addAll(evaluation.evaluate("knn-ctx-v1 without context", evaluation.model(model, scorer, true, false)));
        List<OfflineEvaluation.Score> noProfile = evaluation.evaluate("knn-ctx-v1 without profile",
                evaluation.model(model, scorer, false, true));
        scores.addAll(noProfile);
        long evaluated = System.nanoTime();

        System.out.printf(Locale.ROOT, "%nSynthetic world: %d items, %d listeners, %d events (%d for training), "
                + "seed %d; generated in %d ms, trained in %d ms, evaluated in %d ms%n%n", world.catalogue.size(),
                world.listeners.size(), world.events.size(), evaluation.train.size(), world.settings.seed(),
                (generated - generating) / 1_000_000, (trained - generated) / 1_000_000,
                (evaluated - trained) / 1_000_000);
        System.out.println(OfflineEvaluation.table(scores));

        double overallRatio = full.get(0).ndcg() / popularity.get(0).ndcg();
        double coldGain = full.get(2).ndcg() / noProfile.get(2).ndcg();
        System.out.printf(Locale.ROOT, "NDCG@10 model / popularity overall: %.2fx; cold start with / without "
                + "profile: %.2fx%n", overallRatio, coldGain);
        System.out.printf(Locale.ROOT, "BENCH recommendation.eval_ndcg10_vs_popularity %.2f x >=2%n", overallRatio);
        System.out.printf(Locale.ROOT, "BENCH recommendation.eval_cold_start_profile_gain %.2f x >1%n", coldGain);
        assertTrue(overallRatio >= 2.0, "model NDCG@10 at least 2x popularity overall, was " + overallRatio);
        assertTrue(coldGain > 1.05, "profile attributes help cold-start listeners, was " + coldGain);
    }
}
