package dev.chezhu.recommendation.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.chezhu.recommendation.domain.AudioKind;
import dev.chezhu.recommendation.domain.CatalogueItem;
import dev.chezhu.recommendation.domain.EventType;
import dev.chezhu.recommendation.domain.ListeningContext;
import dev.chezhu.recommendation.domain.ListeningContext.DayPart;
import dev.chezhu.recommendation.domain.ListeningContext.DrivingState;
import dev.chezhu.recommendation.domain.ListeningContext.Place;
import dev.chezhu.recommendation.domain.model.TrainingEvent;

/**
 * A seeded synthetic listening world with known tastes, for offline evaluation.
 * <ul>
 * <li><b>Catalogue</b>: items in taste clusters (each cluster leans to a kind), a Zipf popularity
 * prior (few hits, a long tail), some items as episodes of a series.</li>
 * <li><b>Listeners</b>: a vehicle model, a region and a lifecycle; a primary and a secondary taste
 * cluster, the primary correlated with model and region (owners of one model share tastes); 1–2
 * interest tags, most of them telling (the primary cluster's tag), some noise.</li>
 * <li><b>Context</b>: language courses and audiobooks do well at home and badly in the car, news in
 * the car in the morning, music in the evening.</li>
 * <li><b>Behaviour</b>: sessions per listener heavy-tailed; each play is chosen from a slate the app
 * showed (popularity-biased) by utility = taste + popularity + context + Gumbel noise; how it ends
 * (completed, skipped early or late, liked, disliked) follows the true satisfaction = taste + context,
 * not popularity.</li>
 * </ul>
 */
public final class SyntheticWorld {

    public record Settings(long seed, int items, int listeners, int clusters, int models, int regions, int days,
            double coldStartShare) {

        public static final Settings DEFAULT = new Settings(42, 800, 4000, 12, 10, 6, 90, 0.12);
        public static final Settings SMALL = new Settings(7, 200, 600, 8, 4, 3, 60, 0.15);
    }

    /** A listener with its ground truth and profile. */
    public record Listener(String id, String model, String region, String lifecycle, int primary, int secondary,
            List<String> interests, Instant firstActive) {

        public List<String> segments() {
            List<String> segments = new ArrayList<>();
            segments.add("model:" + model);
            segments.add("region:" + region);
            segments.add("lifecycle:" + lifecycle);
            interests.forEach(tag -> segments.add("tag:" + tag));
            return segments;
        }
    }

    private static final AudioKind[] KINDS = AudioKind.values();
    /** How much taste, popularity and the app's popularity-biased slate drive what is played. */
    static final double TASTE_WEIGHT = 2.0;
    static final double POPULARITY_WEIGHT = 0.4;
    static final double SLATE_POPULAR_SHARE = 0.3;
    private final Map<String, Integer> index = new HashMap<>();

    public final Settings settings;
    public final Instant start;
    public final Instant end;
    public final Map<String, CatalogueItem> catalogue = new LinkedHashMap<>();
    public final Map<String, Integer> clusterOf = new HashMap<>();
    public final List<Listener> listeners = new ArrayList<>();
    public final List<TrainingEvent> events = new ArrayList<>();

    private final Random random;
    private final List<CatalogueItem> items = new ArrayList<>();
    private double[] popularityCdf;
    private double[] logPopularity;

    private SyntheticWorld(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.end = Instant.parse("2026-06-30T00:00:00Z");
        this.start = end.minus(Duration.ofDays(settings.days()));
    }

    public static SyntheticWorld generate(Settings settings) {
        SyntheticWorld world = new SyntheticWorld(settings);
        world.makeCatalogue();
        world.makeListeners();
        world.makeEvents();
        return world;
    }

    private AudioKind kindOfCluster(int cluster) {
        return KINDS[cluster % KINDS.length];
    }

    private void makeCatalogue() {
        int n = settings.items();
        double[] prior = new double[n];
        for (int i = 0; i < n; i++) {
            prior[i] = 1.0 / Math.pow(i + 1, 0.9);
        }
        // shuffle the prior so that popularity is not tied to the cluster
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = prior[i];
            prior[i] = prior[j];
            prior[j] = t;
        }
        int i = 0;
        int seriesNo = 0;
        Instant created = start.minus(Duration.ofDays(200));
        while (i < n) {
            int cluster = random.nextInt(settings.clusters());
            AudioKind kind = random.nextDouble() < 0.75 ? kindOfCluster(cluster) : KINDS[random.nextInt(KINDS.length)];
            boolean series = random.nextDouble() < 0.2;
            int length = series ? 3 + random.nextInt(3) : 1;
            String seriesId = "series-" + seriesNo++;
            for (int e = 0; e < length && i < n; e++, i++) {
                String id = series ? seriesId + "-ep0" + (e + 1) : "item-" + i;
                List<String> tags = List.of("c" + cluster, kind.name().toLowerCase(), "t" + random.nextInt(30));
                CatalogueItem item = CatalogueItem.of(id, "Item " + i, kind, tags, duration(kind), i + 1, created);
                catalogue.put(id, item);
                clusterOf.put(id, cluster);
                index.put(id, items.size());
                items.add(item);
            }
        }
        popularityCdf = new double[n];
        logPopularity = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += prior[k];
            popularityCdf[k] = sum;
            logPopularity[k] = Math.log(prior[k] * n);
        }
        for (int k = 0; k < n; k++) {
            popularityCdf[k] /= sum;
        }
    }

    private Duration duration(AudioKind kind) {
        int minutes = switch (kind) {
            case MUSIC -> 4;
            case NEWS -> 10;
            case TALK, PROGRAMME -> 30;
            case EPISODE -> 25;
            case AUDIOBOOK -> 45;
            case LANGUAGE_COURSE -> 15;
        };
        return Duration.ofMinutes(minutes);
    }

    private void makeListeners() {
        int[][] modelFavourites = new int[settings.models()][2];
        for (int[] favourites : modelFavourites) {
            favourites[0] = random.nextInt(settings.clusters());
            favourites[1] = random.nextInt(settings.clusters());
        }
        int[] regionFavourite = new int[settings.regions()];
        Arrays.setAll(regionFavourite, r -> random.nextInt(settings.clusters()));
        String[] lifecycles = { "owner", "loyal", "lead" };
        long span = Duration.ofDays(settings.days()).toMillis();
        for (int u = 0; u < settings.listeners(); u++) {
            int model = random.nextInt(settings.models());
            int region = random.nextInt(settings.regions());
            double roll = random.nextDouble();
            int primary = roll < 0.45 ? modelFavourites[model][random.nextInt(2)]
                    : roll < 0.65 ? regionFavourite[region] : random.nextInt(settings.clusters());
            int secondary = random.nextInt(settings.clusters());
            List<String> interests = new ArrayList<>();
            interests.add("c" + (random.nextDouble() < 0.7 ? primary : random.nextInt(settings.clusters())));
            if (random.nextDouble() < 0.4) {
                interests.add("c" + (random.nextDouble() < 0.5 ? secondary : random.nextInt(settings.clusters())));
            }
            boolean cold = random.nextDouble() < settings.coldStartShare();
            // cold-start listeners join in the last sixth of the period (after the split)
            long joined = cold ? (long) (span * (0.84 + 0.1 * random.nextDouble()))
                    : (long) (span * 0.6 * random.nextDouble());
            listeners.add(new Listener("u" + u, "model-" + model, "region-" + region,
                    lifecycles[random.nextInt(lifecycles.length)], primary, secondary, List.copyOf(interests),
                    start.plusMillis(joined)));
        }
    }

    /** The true context effect of a kind in a place and day part. */
    static double contextEffect(AudioKind kind, Place place, DayPart dayPart) {
        boolean car = place == Place.IN_CAR;
        return switch (kind) {
            case LANGUAGE_COURSE -> car ? -2.0 : place == Place.AT_HOME ? 1.0 : 0;
            case AUDIOBOOK -> car ? -0.6 : place == Place.AT_HOME ? 0.6 : 0;
            case NEWS -> car && dayPart == DayPart.MORNING ? 1.0 : 0;
            case MUSIC -> dayPart == DayPart.EVENING ? 0.6 : 0;
            case TALK -> car ? 0.4 : 0;
            default -> 0;
        };
    }

    /**
     * The ground truth: how likely the listener is to pick the item from a slate and enjoy it, up to
     * a constant. Ranking by it is the best any model can do (the "oracle" row of the evaluation).
     */
    public double truth(Listener listener, CatalogueItem item, ListeningContext context) {
        int i = index.get(item.id());
        double pick = Math.exp(TASTE_WEIGHT * taste(listener, clusterOf.get(item.id())) + POPULARITY_WEIGHT * logPopularity[i]
                + contextEffect(item.kind(), context.place(), context.dayPart()));
        double satisfaction = taste(listener, clusterOf.get(item.id()))
                + contextEffect(item.kind(), context.place(), context.dayPart()) - 0.8;
        return pick / (1 + Math.exp(-2 * satisfaction));
    }

    private double taste(Listener listener, int cluster) {
        return cluster == listener.primary() ? 2.0 : cluster == listener.secondary() ? 1.0 : 0;
    }

    private void makeEvents() {
        for (Listener listener : listeners) {
            // heavy-tailed activity: most listeners a few sessions, some many
            int sessions = (int) Math.max(1, Math.round(Math.exp(1.6 + 0.9 * random.nextGaussian())));
            sessions = Math.min(sessions, 80);
            long from = listener.firstActive().toEpochMilli();
            long to = end.toEpochMilli();
            for (int s = 0; s < sessions; s++) {
                Instant at = Instant.ofEpochMilli(from + (long) (random.nextDouble() * (to - from)));
                ListeningContext context = randomContext();
                int plays = 2 + random.nextInt(4);
                for (int p = 0; p < plays; p++) {
                    play(listener, context, at.plus(Duration.ofMinutes(p * 20L)));
                }
            }
        }
        events.sort((a, b) -> a.time().compareTo(b.time()));
    }

    private ListeningContext randomContext() {
        double roll = random.nextDouble();
        if (roll < 0.65) {
            DayPart dayPart = random.nextDouble() < 0.7 ? (random.nextBoolean() ? DayPart.MORNING : DayPart.EVENING)
                    : (random.nextBoolean() ? DayPart.MIDDAY : DayPart.NIGHT);
            return new ListeningContext(Place.IN_CAR, dayPart,
                    random.nextDouble() < 0.7 ? DrivingState.CITY : DrivingState.HIGHWAY);
        }
        Place place = roll < 0.9 ? Place.AT_HOME : Place.MOBILE;
        DayPart dayPart = random.nextBoolean() ? DayPart.EVENING : DayPart.values()[1 + random.nextInt(4)];
        return new ListeningContext(place, dayPart, DrivingState.UNSPECIFIED);
    }

    private int popularItem() {
        double r = random.nextDouble();
        int i = Arrays.binarySearch(popularityCdf, r);
        return Math.min(items.size() - 1, i >= 0 ? i : -i - 1);
    }

    private void play(Listener listener, ListeningContext context, Instant at) {
        // the slate the app showed: popularity-biased, plus some of the listener's taste
        int best = -1;
        double bestUtility = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 40; k++) {
            int i = k < 40 * SLATE_POPULAR_SHARE ? popularItem() : random.nextInt(items.size());
            CatalogueItem item = items.get(i);
            double utility = TASTE_WEIGHT * taste(listener, clusterOf.get(item.id())) + POPULARITY_WEIGHT * logPopularity[i]
                    + contextEffect(item.kind(), context.place(), context.dayPart()) - Math.log(-Math.log(
                            Math.max(1e-12, random.nextDouble())));
            if (utility > bestUtility) {
                bestUtility = utility;
                best = i;
            }
        }
        CatalogueItem item = items.get(best);
        double satisfaction = taste(listener, clusterOf.get(item.id()))
                + contextEffect(item.kind(), context.place(), context.dayPart()) - 0.8 + 0.8 * random.nextGaussian();
        double good = 1 / (1 + Math.exp(-2 * satisfaction));
        String who = listener.id();
        events.add(new TrainingEvent(who, item.id(), EventType.STARTED, Duration.ZERO, context, at));
        Instant ended = at.plusSeconds(60);
        if (random.nextDouble() < good) {
            if (random.nextDouble() < 0.75) {
                events.add(new TrainingEvent(who, item.id(), EventType.COMPLETED, item.duration(), context, ended));
            } else {
                long listened = (long) (item.duration().toMillis() * (0.6 + 0.35 * random.nextDouble()));
                events.add(new TrainingEvent(who, item.id(), EventType.SKIPPED, Duration.ofMillis(listened), context,
                        ended));
            }
            if (random.nextDouble() < 0.15 * good) {
                events.add(new TrainingEvent(who, item.id(), EventType.LIKED, item.duration(), context, ended));
            }
        } else {
            long listened = (long) (item.duration().toMillis() * 0.3 * random.nextDouble());
            events.add(new TrainingEvent(who, item.id(), EventType.SKIPPED, Duration.ofMillis(listened), context,
                    ended));
            if (random.nextDouble() < 0.05) {
                events.add(new TrainingEvent(who, item.id(), EventType.DISLIKED, Duration.ofMillis(listened), context,
                        ended));
            }
        }
    }
}
