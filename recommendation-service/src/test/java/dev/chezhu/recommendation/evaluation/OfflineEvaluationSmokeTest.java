package dev.chezhu.recommendation.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.recommendation.domain.model.ModelSnapshot;
import dev.chezhu.recommendation.domain.model.ModelTrainer;
import dev.chezhu.recommendation.domain.model.Scorer;

/** The evaluation's machinery on a small world, in the normal run: the model must beat popularity. */
class OfflineEvaluationSmokeTest {

    @Test
    void onASmallWorldTheModelBeatsPopularity() {
        OfflineEvaluation evaluation = new OfflineEvaluation(SyntheticWorld.generate(SyntheticWorld.Settings.SMALL),
                0.83);
        ModelSnapshot model = evaluation.trainModel(new ModelTrainer());
        List<OfflineEvaluation.Score> popularity = evaluation.evaluate("popularity", evaluation.popularity());
        List<OfflineEvaluation.Score> knn = evaluation.evaluate("model", evaluation.model(model, new Scorer(), true,
                true));
        assertTrue(knn.get(0).ndcg() > 1.3 * popularity.get(0).ndcg(), OfflineEvaluation.table(
                List.of(popularity.get(0), knn.get(0))));
        assertTrue(knn.get(0).queries() > 50);
    }
}
