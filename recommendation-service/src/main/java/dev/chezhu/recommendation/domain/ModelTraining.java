package dev.chezhu.recommendation.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.recommendation.config.RecommendationConfig;
import dev.chezhu.recommendation.domain.model.ModelSnapshot;
import dev.chezhu.recommendation.domain.model.ModelTrainer;
import dev.chezhu.recommendation.domain.model.TrainingEvent;
import dev.chezhu.recommendation.persistence.CatalogueStore;
import dev.chezhu.recommendation.persistence.ListeningEventStore;
import dev.chezhu.recommendation.persistence.ModelStore;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Trains the model from the events in PostgreSQL and publishes it to Redis, on a schedule and on
 * demand; one replica at a time (a Redis lock). Only listeners whose consent to personalisation is
 * granted are learned from; if identity cannot answer for someone, the run is abandoned and the
 * current model keeps serving. Training itself runs on a worker thread and takes seconds.
 */
@ApplicationScoped
public class ModelTraining {

    private static final Logger LOG = Logger.getLogger(ModelTraining.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int IDENTITY_CONCURRENCY = 8;

    /** One run: what was learned from and which model is now serving. */
    public record Run(String version, Instant trainedAt, long events, long listeners, long items, Duration took) {
    }

    private final CatalogueStore catalogue;
    private final ListeningEventStore events;
    private final ModelStore models;
    private final ServingModel serving;
    private final ConsentGate consent;
    private final ListenerProfiles profiles;
    private final RecommendationConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final ModelTrainer trainer = new ModelTrainer();

    public ModelTraining(CatalogueStore catalogue, ListeningEventStore events, ModelStore models, ServingModel serving,
            ConsentGate consent, ListenerProfiles profiles, RecommendationConfig config, Clock clock, Vertx vertx) {
        this.catalogue = catalogue;
        this.events = events;
        this.models = models;
        this.serving = serving;
        this.consent = consent;
        this.profiles = profiles;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    @Scheduled(every = "${chezhu.recommendation.training-every:15m}", delayed = "${chezhu.recommendation.training-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return train().invoke(run -> LOG.infof("model %s trained on %d events of %d listeners in %d ms", run.version(),
                run.events(), run.listeners(), run.took().toMillis()))
                .onFailure().invoke(failure -> LOG.warnf("scheduled training skipped: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @WithSpan("ModelTraining.train")
    public Uni<Run> train() {
        String owner = UUID.randomUUID().toString();
        return models.lockTraining(owner, Duration.ofMinutes(10)).flatMap(locked -> {
            if (!locked) {
                return Uni.createFrom().failure(ServiceException.aborted("TRAINING_IN_PROGRESS",
                        "Another replica is training the model; try again shortly"));
            }
            return trainLocked().eventually(models::unlockTraining);
        });
    }

    private Uni<Run> trainLocked() {
        Instant started = clock.instant();
        return Panache.withSession(() -> catalogue.all(true)
                .flatMap(items -> events.forTraining(started.minus(config.trainingWindow()), config.trainingMaxEvents())
                        .map(rows -> Map.entry(items, rows))))
                .flatMap(input -> allowedListeners(input.getValue()).flatMap(allowed -> segments(allowed)
                        .flatMap(segments -> {
                            Map<String, CatalogueItem> items = new HashMap<>();
                            input.getKey().forEach(item -> items.put(item.id(), item));
                            List<TrainingEvent> learned = new ArrayList<>();
                            for (ListeningEventStore.TrainingRow row : input.getValue()) {
                                String listener = key(row);
                                if (allowed.contains(listener) && items.containsKey(row.itemId())) {
                                    learned.add(toEvent(listener, row));
                                }
                            }
                            String version = ModelSnapshot.FAMILY + "/" + VERSION_TIME.format(started) + "-"
                                    + UUID.randomUUID().toString().substring(0, 6);
                            Span.current().setAttribute("model.version", version);
                            Span.current().setAttribute("model.events", learned.size());
                            return vertx.executeBlocking(Uni.createFrom().item(
                                    () -> trainer.train(version, started, learned, items, segments)))
                                    .call(models::publish)
                                    .invoke(serving::invalidate)
                                    .map(model -> new Run(version, started, learned.size(), allowed.size(),
                                            model.neighbours().size(), Duration.between(started, clock.instant())));
                        })))
                .call(this::recordRun);
    }

    private Uni<Void> recordRun(Run run) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                "insert into model_run (version, trained_at, events, listeners, items, duration_ms) "
                        + "values (:v, :t, :e, :l, :i, :d)")
                .setParameter("v", run.version()).setParameter("t", run.trainedAt()).setParameter("e", run.events())
                .setParameter("l", run.listeners()).setParameter("i", run.items())
                .setParameter("d", run.took().toMillis()).executeUpdate())).replaceWithVoid();
    }

    /** Listeners whose consent is granted; fails when identity cannot answer for one of them. */
    private Uni<Set<String>> allowedListeners(List<ListeningEventStore.TrainingRow> rows) {
        Set<String> keys = new HashSet<>();
        rows.forEach(row -> keys.add(key(row)));
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUni(key -> consent.check(listener(key)).map(answer -> Map.entry(key, answer)))
                .merge(IDENTITY_CONCURRENCY)
                .collect().asList()
                .map(answers -> {
                    Set<String> allowed = new HashSet<>();
                    for (Map.Entry<String, Optional<Boolean>> answer : answers) {
                        if (answer.getValue().isEmpty()) {
                            throw new ServiceException(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE",
                                    "Consent could not be checked for every listener; the current model keeps serving",
                                    Map.of(), List.of());
                        }
                        if (answer.getValue().get()) {
                            allowed.add(answer.getKey());
                        }
                    }
                    return allowed;
                });
    }

    private Uni<Map<String, List<String>>> segments(Set<String> listeners) {
        return Multi.createFrom().iterable(listeners)
                .onItem().transformToUni(key -> profiles.segments(listener(key)).map(s -> Map.entry(key, s)))
                .merge(IDENTITY_CONCURRENCY)
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    static String key(ListeningEventStore.TrainingRow row) {
        return row.personId() != null ? "person:" + row.personId() : "vehicle:" + row.vin();
    }

    static Listener listener(String key) {
        return key.startsWith("person:") ? new Listener(Optional.of(key.substring(7)), Optional.empty())
                : new Listener(Optional.empty(), Optional.of(key.substring(8)));
    }

    private static TrainingEvent toEvent(String listener, ListeningEventStore.TrainingRow row) {
        return new TrainingEvent(listener, row.itemId(), EventType.valueOf(row.type()), Duration.ofMillis(row.listenedMs()),
                new ListeningContext(ListeningContext.Place.valueOf(row.place()),
                        ListeningContext.DayPart.valueOf(row.dayPart()),
                        ListeningContext.DrivingState.valueOf(row.drivingState())),
                Instant.ofEpochMilli(row.eventTimeMs()));
    }
}
