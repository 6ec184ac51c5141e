package dev.chezhu.recommendation.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.chezhu.recommendation.domain.CatalogueItem;
import dev.chezhu.recommendation.domain.ListeningContext;
import dev.chezhu.recommendation.domain.RankedItem;

/**
 * Ranks the whole active catalogue for one listener in one context, in memory, from a
 * {@link ModelSnapshot} and a {@link ListenerState}. The same code serves {@code Recommend} and runs
 * in the offline evaluation.
 *
 * <ol>
 * <li><b>Non-personal base</b>: popularity; with a profile, popularity among listeners of the same
 * segments (vehicle model, region, interest tags, lifecycle), shrunk towards overall popularity by
 * how many listeners back each segment, plus a boost for items tagged with the listener's interests.</li>
 * <li><b>Personal</b>: item-kNN — the listener's preferences spread over each item's neighbours (skips
 * and dislikes push neighbours down). Blended with the base by {@code n / (n + k0)}, n = items the
 * listener liked: cold listeners get the base, regulars their own taste.</li>
 * <li><b>Context</b>: times the learned lift of the item's kind in this place and day part, and the
 * listener's own record in this place for the kind (finished at home, skipped in the car).</li>
 * <li><b>This drive</b>: items skipped in the current drive are left out and their neighbours (and
 * their series) demoted at once; recent plays are left out.</li>
 * <li><b>Diversity and freshness</b>: a greedy re-rank demotes further episodes of a series, a third
 * item of a kind, and near-duplicates; new catalogue items with little history get every fifth slot.</li>
 * </ol>
 */
public final class Scorer {

    /** Tuning; the defaults are the ones chosen by the offline evaluation (see README). */
    public record Options(double segmentPrior, double cfPrior, double tagBoost, double negativeWeight,
            double contextWeight, double personalContextPrior, double driveSkipDemotion, boolean diversity,
            boolean freshness, Duration newItemWindow, int newItemMaxSupport) {

        public static final Options DEFAULT = new Options(5, 3, 1.0, 0.5, 1.0, 3, 0.9, true, true,
                Duration.ofDays(14), 20);

        public Options withFreshness(boolean on) {
            return new Options(segmentPrior, cfPrior, tagBoost, negativeWeight, contextWeight, personalContextPrior,
                    driveSkipDemotion, diversity, on, newItemWindow, newItemMaxSupport);
        }

        public Options withDiversity(boolean on) {
            return new Options(segmentPrior, cfPrior, tagBoost, negativeWeight, contextWeight, personalContextPrior,
                    driveSkipDemotion, on, freshness, newItemWindow, newItemMaxSupport);
        }

        public Options withCfPrior(double prior) {
            return new Options(segmentPrior, prior, tagBoost, negativeWeight, contextWeight, personalContextPrior,
                    driveSkipDemotion, diversity, freshness, newItemWindow, newItemMaxSupport);
        }
    }

    private static final int FRESH_SLOT_EVERY = 5;
    /** A series' third item onwards is demoted hard: near-duplicates must not fill the list. */
    private static final double SERIES_PENALTY = 0.2;
    private static final int SERIES_FREE = 2;
    /** Kinds are not capped: the offline evaluation showed a kind cap costs accuracy for nothing. */
    private static final double KIND_PENALTY = 1.0;
    private static final int KIND_FREE = 2;

    private final Options options;

    public Scorer(Options options) {
        this.options = options;
    }

    public Scorer() {
        this(Options.DEFAULT);
    }

    public List<RankedItem> rank(ModelSnapshot model, List<CatalogueItem> active, ListenerState state,
            ListeningContext context, int count, Instant now) {
        int m = active.size();
        Map<String, Integer> position = new HashMap<>(m * 2);
        for (int i = 0; i < m; i++) {
            position.put(active.get(i).id(), i);
        }

        // 1. non-personal base
        double[] base = new double[m];
        String[] segmentOf = new String[m];
        double[] segmentShare = new double[m];
        List<String> segments = state.personalised() ? state.segments() : List.of();
        double totalSupport = 0;
        List<String> usable = new ArrayList<>();
        Set<String> interests = new HashSet<>();
        for (String segment : segments) {
            if (segment.startsWith("tag:")) {
                interests.add(segment.substring(4));
            }
            if (model.segmentSupport().getOrDefault(segment, 0) > 0) {
                usable.add(segment);
                totalSupport += model.segmentSupport().get(segment);
            }
        }
        double maxBase = 0;
        for (int i = 0; i < m; i++) {
            String id = active.get(i).id();
            double popularity = model.popularity().getOrDefault(id, 0.0);
            double weighted = options.segmentPrior() * popularity;
            double best = 0;
            for (String segment : usable) {
                double contribution = model.segmentSupport().get(segment)
                        * model.segmentScores().get(segment).getOrDefault(id, 0.0);
                weighted += contribution;
                if (contribution > best) {
                    best = contribution;
                    segmentOf[i] = segment;
                }
            }
            base[i] = weighted / (totalSupport + options.segmentPrior());
            segmentShare[i] = weighted > 0 ? best / weighted : 0;
            maxBase = Math.max(maxBase, base[i]);
        }
        double[] tagMatch = new double[m];
        for (int i = 0; i < m; i++) {
            base[i] = maxBase > 0 ? base[i] / maxBase : 0;
            if (!interests.isEmpty()) {
                long matches = active.get(i).tags().stream().filter(interests::contains).count();
                tagMatch[i] = (double) matches / interests.size();
                base[i] += options.tagBoost() * tagMatch[i];
            }
        }

        // 2. personal item-kNN
        double[] cf = new double[m];
        String[] contributor = new String[m];
        double[] contribution = new double[m];
        int liked = 0;
        if (state.personalised()) {
            for (Map.Entry<String, Double> preference : state.preferences().entrySet()) {
                double p = preference.getValue();
                double weight = p > 0 ? ImplicitFeedback.confidence(p) : options.negativeWeight() * p;
                if (p > 0) {
                    liked++;
                }
                Neighbours neighbours = model.neighboursOf(preference.getKey());
                for (int k = 0; k < neighbours.size(); k++) {
                    Integer i = position.get(neighbours.items()[k]);
                    if (i == null) {
                        continue;
                    }
                    double part = weight * neighbours.similarities()[k];
                    cf[i] += part;
                    if (part > contribution[i]) {
                        contribution[i] = part;
                        contributor[i] = preference.getKey();
                    }
                }
            }
        }
        double maxCf = 0;
        for (double value : cf) {
            maxCf = Math.max(maxCf, value);
        }
        double alpha = liked / (liked + options.cfPrior());

        String place = ContextKeys.place(context);
        String dayPart = ContextKeys.dayPart(context);
        boolean commute = ContextKeys.commute(context);
        double[] score = new double[m];
        double[] lifts = new double[m];
        boolean[] excluded = new boolean[m];
        for (int i = 0; i < m; i++) {
            CatalogueItem item = active.get(i);
            double personal = maxCf > 0 ? Math.max(-1, cf[i] / maxCf) : 0;
            double s = alpha * personal + (1 - alpha) * base[i];
            double own = state.preferences().getOrDefault(item.id(), 0.0);
            if (state.personalised() && own < -0.3) {
                s *= 0.3;
            }
            // 3. context
            double lift = 1;
            if (!place.equals(ContextKeys.ANY)) {
                lift *= model.contextLifts().getOrDefault(ContextKeys.placeCell(place, item.kind()), 1.0);
            }
            if (!dayPart.equals(ContextKeys.ANY)) {
                lift *= model.contextLifts().getOrDefault(ContextKeys.dayPartCell(dayPart, item.kind()), 1.0);
            }
            lift = Math.pow(lift, options.contextWeight());
            lifts[i] = lift;
            double factor = lift * personalContext(model, state, place, item);
            s = s >= 0 ? s * factor : s / factor;
            score[i] = s;
            excluded[i] = state.recent().contains(item.id()) || state.driveSkips().contains(item.id());
        }

        // 4. this drive's skips demote their neighbours and their series at once
        for (String skipped : state.driveSkips()) {
            Neighbours neighbours = model.neighboursOf(skipped);
            for (int k = 0; k < neighbours.size(); k++) {
                Integer i = position.get(neighbours.items()[k]);
                if (i != null) {
                    score[i] = demote(score[i], 1 - options.driveSkipDemotion() * neighbours.similarities()[k]);
                }
            }
            String series = Series.of(skipped);
            for (int i = 0; i < m; i++) {
                if (Series.of(active.get(i).id()).equals(series)) {
                    score[i] = demote(score[i], 0.3);
                }
            }
        }

        // 5. order, diversify, give new items exposure
        Integer[] order = new Integer[m];
        int candidates = 0;
        for (int i = 0; i < m; i++) {
            if (!excluded[i]) {
                order[candidates++] = i;
            }
        }
        Integer[] sorted = Arrays.copyOf(order, candidates);
        Arrays.sort(sorted, Comparator.<Integer> comparingDouble(i -> -score[i])
                .thenComparingInt(i -> active.get(i).editorialPosition())
                .thenComparing(i -> active.get(i).id()));
        List<Integer> picked = options.diversity() ? diversify(model, active, sorted, score, count)
                : new ArrayList<>(Arrays.asList(sorted).subList(0, Math.min(count, sorted.length)));
        Set<Integer> fresh = new HashSet<>();
        if (options.freshness() && count >= 3) {
            injectNew(model, active, sorted, score, tagMatch, picked, fresh, count, now);
        }

        List<RankedItem> ranked = new ArrayList<>(picked.size());
        for (int i : picked) {
            CatalogueItem item = active.get(i);
            double personalStrength = maxCf > 0 ? Math.max(0, cf[i] / maxCf) : 0;
            ranked.add(reason(model, active, position, item, score[i], fresh.contains(i), personalStrength,
                    contributor[i], state, commute, lifts[i], segmentOf[i], segmentShare[i], tagMatch[i]));
        }
        return ranked;
    }

    private double personalContext(ModelSnapshot model, ListenerState state, String place, CatalogueItem item) {
        if (!state.personalised() || place.equals(ContextKeys.ANY)) {
            return 1;
        }
        String cell = ContextKeys.placeCell(place, item.kind());
        double plays = state.contextCounts().getOrDefault(cell + ListenerState.COUNT, 0.0);
        if (plays == 0) {
            return 1;
        }
        double good = state.contextCounts().getOrDefault(cell + ListenerState.POSITIVE, 0.0);
        double prior = model.contextRates().getOrDefault(cell, 0.5);
        double rate = (good + options.personalContextPrior() * prior) / (plays + options.personalContextPrior());
        return Math.max(0.1, Math.min(3, rate / Math.max(0.05, prior)));
    }

    private static double demote(double score, double factor) {
        double f = Math.max(0.01, factor);
        return score >= 0 ? score * f : score / f;
    }

    /** Greedy re-rank: the best item after penalties for its series, its kind and near-duplicates. */
    private static List<Integer> diversify(ModelSnapshot model, List<CatalogueItem> active, Integer[] sorted,
            double[] score, int count) {
        int pool = Math.min(sorted.length, Math.max(count * 4, count + 20));
        List<Integer> candidates = new ArrayList<>(Arrays.asList(sorted).subList(0, pool));
        Map<String, Integer> seriesCount = new HashMap<>();
        Map<String, Integer> kindCount = new HashMap<>();
        Map<String, Double> nearest = new HashMap<>();
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < count && !candidates.isEmpty()) {
            int bestAt = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < candidates.size(); c++) {
                CatalogueItem item = active.get(candidates.get(c));
                double factor = Math.pow(SERIES_PENALTY, Math.max(0, seriesCount.getOrDefault(Series.of(item.id()), 0) - SERIES_FREE + 1))
                        * Math.pow(KIND_PENALTY, Math.max(0, kindCount.getOrDefault(item.kind().name(), 0) - KIND_FREE));
                double similarity = nearest.getOrDefault(item.id(), 0.0);
                if (similarity > 0.8) {
                    factor *= 0.5;
                }
                double s = demote(score[candidates.get(c)], factor);
                if (s > best) {
                    best = s;
                    bestAt = c;
                }
            }
            int chosen = candidates.remove(bestAt);
            picked.add(chosen);
            CatalogueItem item = active.get(chosen);
            seriesCount.merge(Series.of(item.id()), 1, Integer::sum);
            kindCount.merge(item.kind().name(), 1, Integer::sum);
            Neighbours neighbours = model.neighboursOf(item.id());
            for (int k = 0; k < neighbours.size(); k++) {
                nearest.merge(neighbours.items()[k], (double) neighbours.similarities()[k], Math::max);
            }
        }
        return picked;
    }

    /** Every fifth slot (3rd, 8th, 13th, …) goes to the best new item not yet in the list. */
    private void injectNew(ModelSnapshot model, List<CatalogueItem> active, Integer[] sorted, double[] score,
            double[] tagMatch, List<Integer> picked, Set<Integer> fresh, int count, Instant now) {
        // new = added in the last window, and at least a window after the catalogue launched: the
        // launch catalogue itself is not news
        Instant launch = null;
        for (CatalogueItem item : active) {
            if (item.createdAt() != null && (launch == null || item.createdAt().isBefore(launch))) {
                launch = item.createdAt();
            }
        }
        if (launch == null) {
            return;
        }
        Instant newSince = now.minus(options.newItemWindow());
        if (launch.plus(options.newItemWindow()).isAfter(newSince)) {
            newSince = launch.plus(options.newItemWindow());
        }
        List<Integer> newcomers = new ArrayList<>();
        for (int i : sorted) {
            CatalogueItem item = active.get(i);
            if (item.createdAt() != null && item.createdAt().isAfter(newSince)
                    && model.itemSupport().getOrDefault(item.id(), 0) < options.newItemMaxSupport()) {
                newcomers.add(i);
            }
        }
        // the listener's interests first, then the model's order
        newcomers.sort(Comparator.<Integer> comparingDouble(i -> -tagMatch[i]));
        int slot = 2;
        for (int newcomer : newcomers) {
            if (slot >= count) {
                break;
            }
            int already = picked.indexOf(newcomer);
            if (already >= 0 && already <= slot) {
                fresh.add(newcomer);
                continue;
            }
            if (already >= 0) {
                picked.remove(already);
            }
            picked.add(Math.min(slot, picked.size()), newcomer);
            fresh.add(newcomer);
            slot += FRESH_SLOT_EVERY;
        }
        while (picked.size() > count) {
            picked.remove(picked.size() - 1);
        }
    }

    private static RankedItem reason(ModelSnapshot model, List<CatalogueItem> active, Map<String, Integer> position,
            CatalogueItem item, double score, boolean fresh, double personalStrength, String contributor, ListenerState state, boolean commute, double lift, String segment,
            double segmentShare, double tagMatch) {
        if (fresh) {
            return new RankedItem(item, score, Reasons.NEW_IN_CATALOGUE, "New in the catalogue");
        }
        // a close neighbour of something the listener liked: that is why it is here
        if (contributor != null && personalStrength >= 0.5) {
            Integer at = position.get(contributor);
            String title = at == null ? null : active.get(at).title();
            boolean finished = state.preferences().getOrDefault(contributor, 0.0) >= ImplicitFeedback.FINISHED;
            String code = finished ? Reasons.BECAUSE_YOU_FINISHED : Reasons.BECAUSE_YOU_LISTENED;
            String verb = finished ? "Because you finished " : "Because you listened to ";
            return new RankedItem(item, score, code, title == null ? verb.trim() + " something similar"
                    : verb + title, contributor);
        }
        if (commute && (item.tags().contains("commute") || lift >= 1.15)) {
            return new RankedItem(item, score, Reasons.FOR_YOUR_COMMUTE, "For your commute");
        }
        if (tagMatch > 0 && segment == null) {
            return new RankedItem(item, score, Reasons.MATCHES_YOUR_INTERESTS, "Matches your interests");
        }
        if (segment != null && segmentShare >= 0.5) {
            int colon = segment.indexOf(':');
            String kind = segment.substring(0, colon);
            String value = segment.substring(colon + 1);
            return switch (kind) {
                case "model" -> new RankedItem(item, score, Reasons.POPULAR_WITH_OWNERS,
                        "Popular with owners of your " + value);
                case "region" -> new RankedItem(item, score, Reasons.POPULAR_IN_YOUR_REGION, "Popular in your region");
                case "tag" -> new RankedItem(item, score, Reasons.MATCHES_YOUR_INTERESTS,
                        "Popular with listeners who like " + value.replace('_', ' '));
                case "vds" -> new RankedItem(item, score, Reasons.POPULAR_WITH_OWNERS,
                        "Popular with owners of your model");
                default -> new RankedItem(item, score, Reasons.POPULAR_WITH_OWNERS, "Popular with owners like you");
            };
        }
        double trending = model.trending().getOrDefault(item.id(), 0.0);
        double popularity = model.popularity().getOrDefault(item.id(), 0.0);
        if (trending >= 0.5 && trending > popularity) {
            return new RankedItem(item, score, Reasons.TRENDING, "Trending this week");
        }
        if (popularity > 0) {
            return new RankedItem(item, score, Reasons.POPULAR_WITH_OWNERS, "Popular with other owners");
        }
        return new RankedItem(item, score, Reasons.EDITORS_PICK, "Picked by our editors");
    }
}
