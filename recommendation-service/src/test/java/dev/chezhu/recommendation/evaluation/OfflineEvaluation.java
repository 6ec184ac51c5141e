package dev.chezhu.recommendation.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.chezhu.recommendation.domain.CatalogueItem;
import dev.chezhu.recommendation.domain.ListeningContext;
import dev.chezhu.recommendation.domain.RankedItem;
import dev.chezhu.recommendation.domain.model.ContextKeys;
import dev.chezhu.recommendation.domain.model.ImplicitFeedback;
import dev.chezhu.recommendation.domain.model.ListenerState;
import dev.chezhu.recommendation.domain.model.ModelSnapshot;
import dev.chezhu.recommendation.domain.model.ModelTrainer;
import dev.chezhu.recommendation.domain.model.Scorer;
import dev.chezhu.recommendation.domain.model.TrainingEvent;

/**
 * Offline evaluation on a {@link SyntheticWorld}: a temporal split (train on everything before the
 * cut, test on what listeners liked after it), full-catalogue ranking (every item a listener did not
 * touch before the cut is a candidate), NDCG@10 and Recall@20 per query, one query per listener and
 * place in the test period, in the context of that place. It trains and ranks with the service's own
 * {@link ModelTrainer} and {@link Scorer}.
 */
public final class OfflineEvaluation {

    public static final int NDCG_AT = 10;
    public static final int RECALL_AT = 20;

    /** A ranker under evaluation. */
    public interface Ranking {
        List<String> rank(Query query);
    }

    /** One evaluation query: a listener, the context, what they had before, what they liked after. */
    public record Query(SyntheticWorld.Listener listener, boolean coldStart, ListeningContext context,
            ListenerState history, Set<String> relevant) {
    }

    public record Score(String model, String group, int queries, double ndcg, double recall) {
    }

    public final SyntheticWorld world;
    public final Instant cut;
    public final List<TrainingEvent> train = new ArrayList<>();
    public final List<Query> queries = new ArrayList<>();
    public final List<CatalogueItem> catalogue;
    private final Map<String, Integer> trainPopularity = new HashMap<>();
    private final Map<String, SyntheticWorld.Listener> listeners = new HashMap<>();

    public OfflineEvaluation(SyntheticWorld world, double trainShare) {
        this.world = world;
        this.cut = world.start.plusMillis((long) (Duration.between(world.start, world.end).toMillis() * trainShare));
        this.catalogue = List.copyOf(world.catalogue.values());
        world.listeners.forEach(l -> listeners.put(l.id(), l));
        Map<String, ListenerState.Builder> histories = new HashMap<>();
        Map<String, Map<String, Double>> trainPreferences = new HashMap<>();
        Map<String, Map<String, Double>> testPreferences = new LinkedHashMap<>();
        Map<String, Map<String, ListeningContext>> testContexts = new HashMap<>();
        for (TrainingEvent event : world.events) {
            CatalogueItem item = world.catalogue.get(event.itemId());
            double preference = ImplicitFeedback.preference(event.type(), event.listened(), item.duration());
            if (event.time().isBefore(cut)) {
                train.add(event);
                histories.computeIfAbsent(event.listener(), k -> new ListenerState.Builder())
                        .add(item.id(), item.kind(), item.duration(), event.type(), event.listened(), event.context());
                trainPreferences.computeIfAbsent(event.listener(), k -> new HashMap<>())
                        .merge(item.id(), preference, Double::sum);
            } else {
                testPreferences.computeIfAbsent(event.listener(), k -> new LinkedHashMap<>())
                        .merge(item.id(), preference, Double::sum);
                testContexts.computeIfAbsent(event.listener(), k -> new HashMap<>()).putIfAbsent(item.id(),
                        event.context());
            }
        }
        trainPreferences.values().forEach(prefs -> prefs.forEach((item, p) -> {
            if (p > 0) {
                trainPopularity.merge(item, 1, Integer::sum);
            }
        }));
        for (Map.Entry<String, Map<String, Double>> entry : testPreferences.entrySet()) {
            String id = entry.getKey();
            Map<String, Double> before = trainPreferences.getOrDefault(id, Map.of());
            ListenerState history = histories.containsKey(id) ? histories.get(id).build(List.of(), true)
                    : new ListenerState(Map.of(), Map.of(), Set.of(), Set.of(), List.of(), true);
            // one query per place the listener liked something in, in the context of the first such play
            Map<String, Set<String>> relevantByPlace = new LinkedHashMap<>();
            Map<String, ListeningContext> contextByPlace = new HashMap<>();
            entry.getValue().forEach((item, p) -> {
                if (p > 0 && !before.containsKey(item)) {
                    ListeningContext context = testContexts.get(id).get(item);
                    String place = ContextKeys.place(context);
                    relevantByPlace.computeIfAbsent(place, k -> new HashSet<>()).add(item);
                    contextByPlace.putIfAbsent(place, context);
                }
            });
            relevantByPlace.forEach((place, relevant) -> queries.add(new Query(listeners.get(id), before.isEmpty(),
                    contextByPlace.get(place), history, relevant)));
        }
    }

    /** Trains the service's model on the training events (profiles of every listener known). */
    public ModelSnapshot trainModel(ModelTrainer trainer) {
        Map<String, List<String>> segments = new HashMap<>();
        world.listeners.forEach(l -> segments.put(l.id(), l.segments()));
        return trainer.train("eval", cut, train, world.catalogue, segments);
    }

    /** The baseline: most listeners with a positive play first, full catalogue, seen items left out. */
    public Ranking popularity() {
        List<String> order = new ArrayList<>(world.catalogue.keySet());
        order.sort(Comparator.<String> comparingInt(id -> -trainPopularity.getOrDefault(id, 0))
                .thenComparing(Function.identity()));
        return query -> {
            List<String> ranked = new ArrayList<>(RECALL_AT);
            for (String id : order) {
                if (!query.history().recent().contains(id)) {
                    ranked.add(id);
                    if (ranked.size() == RECALL_AT) {
                        break;
                    }
                }
            }
            return ranked;
        };
    }

    /** The upper reference: the world's ground truth, full catalogue, seen items left out. */
    public Ranking oracle() {
        return query -> catalogue.stream().filter(item -> !query.history().recent().contains(item.id()))
                .sorted(Comparator.comparingDouble(item -> -world.truth(query.listener(), item, query.context())))
                .limit(RECALL_AT).map(CatalogueItem::id).toList();
    }

    /** The service's ranker; {@code withProfile} false hides the profile segments (interest tags, model …). */
    public Ranking model(ModelSnapshot snapshot, Scorer scorer, boolean withProfile, boolean withContext) {
        return query -> {
            ListenerState state = query.history().withSegments(withProfile ? query.listener().segments() : List.of());
            if (!withContext) {
                state = new ListenerState(state.preferences(), Map.of(), state.recent(), state.driveSkips(),
                        state.segments(), true);
            }
            ListeningContext context = withContext ? query.context() : ListeningContext.UNSPECIFIED;
            return scorer.rank(snapshot, catalogue, state, context, RECALL_AT, cut).stream()
                    .map(RankedItem::item).map(CatalogueItem::id).toList();
        };
    }

    public List<Score> evaluate(String name, Ranking ranking) {
        double[] ndcg = new double[3];
        double[] recall = new double[3];
        int[] count = new int[3];
        for (Query query : queries) {
            List<String> ranked = ranking.rank(query);
            double n = ndcg(ranked, query.relevant());
            double r = recall(ranked, query.relevant());
            for (int group : query.coldStart() ? new int[] { 0, 2 } : new int[] { 0, 1 }) {
                ndcg[group] += n;
                recall[group] += r;
                count[group]++;
            }
        }
        String[] groups = { "all", "warm", "cold-start" };
        List<Score> scores = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            scores.add(new Score(name, groups[g], count[g], count[g] == 0 ? 0 : ndcg[g] / count[g],
                    count[g] == 0 ? 0 : recall[g] / count[g]));
        }
        return scores;
    }

    static double ndcg(List<String> ranked, Set<String> relevant) {
        double dcg = 0;
        for (int r = 0; r < Math.min(NDCG_AT, ranked.size()); r++) {
            if (relevant.contains(ranked.get(r))) {
                dcg += 1 / (Math.log(r + 2) / Math.log(2));
            }
        }
        double ideal = 0;
        for (int r = 0; r < Math.min(NDCG_AT, relevant.size()); r++) {
            ideal += 1 / (Math.log(r + 2) / Math.log(2));
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    static double recall(List<String> ranked, Set<String> relevant) {
        long hits = ranked.stream().limit(RECALL_AT).filter(relevant::contains).count();
        return relevant.isEmpty() ? 0 : (double) hits / Math.min(RECALL_AT, relevant.size());
    }

    public static String table(List<Score> scores) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| %-34s | %-10s | %7s | %8s | %9s |%n", "model", "listeners",
                "queries", "NDCG@10", "Recall@20"));
        out.append("|").append("-".repeat(36)).append("|").append("-".repeat(12)).append("|")
                .append("-".repeat(9)).append("|").append("-".repeat(10)).append("|").append("-".repeat(11))
                .append("|\n");
        for (Score s : scores) {
            out.append(String.format(Locale.ROOT, "| %-34s | %-10s | %7d | %8.4f | %9.4f |%n", s.model(), s.group(),
                    s.queries(), s.ndcg(), s.recall()));
        }
        return out.toString();
    }
}
