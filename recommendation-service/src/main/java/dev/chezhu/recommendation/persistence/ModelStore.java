package dev.chezhu.recommendation.persistence;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.recommendation.domain.model.ModelCodec;
import dev.chezhu.recommendation.domain.model.ModelSnapshot;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * Trained models and the catalogue version in Redis: {@value #MODEL}{@code {version}} holds one
 * encoded {@link ModelSnapshot}, {@value #CURRENT} names the one serving, {@value #CATALOGUE_VERSION}
 * changes with every catalogue change, so that every replica reloads what it holds in memory.
 */
@ApplicationScoped
public class ModelStore {

    public static final String MODEL = ListeningSignals.PREFIX + "model:";
    public static final String CURRENT = ListeningSignals.PREFIX + "model-current";
    public static final String CATALOGUE_VERSION = ListeningSignals.PREFIX + "catalogue-version";
    public static final String TRAINING_LOCK = ListeningSignals.PREFIX + "training-lock";
    /** A model stays loadable this long after it was published (replicas switching over, rollback). */
    static final Duration KEEP = Duration.ofDays(7);

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, byte[]> blobs;
    private final ReactiveValueCommands<String, String> strings;

    public ModelStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.blobs = redis.value(String.class, byte[].class);
        this.strings = redis.value(String.class, String.class);
    }

    /** The versions now current: {model version or null, catalogue version or "0"}. */
    public Uni<List<String>> versions() {
        return strings.mget(CURRENT, CATALOGUE_VERSION).map(values -> java.util.Arrays.asList(values.get(CURRENT),
                Optional.ofNullable(values.get(CATALOGUE_VERSION)).orElse("0")));
    }

    public Uni<Optional<ModelSnapshot>> load(String version) {
        return blobs.get(MODEL + version).map(data -> data == null ? Optional.empty()
                : Optional.of(ModelCodec.decode(data)));
    }

    /** Stores the model, then makes it current: readers never see a current version without its model. */
    public Uni<Void> publish(ModelSnapshot model) {
        return blobs.setex(MODEL + model.version(), KEEP.toSeconds(), ModelCodec.encode(model))
                .call(() -> strings.set(CURRENT, model.version()));
    }

    public Uni<Void> catalogueChanged() {
        return strings.incr(CATALOGUE_VERSION).replaceWithVoid();
    }

    /** One training at a time across replicas. */
    public Uni<Boolean> lockTraining(String owner, Duration ttl) {
        return redis.execute("SET", TRAINING_LOCK, owner, "NX", "EX", Long.toString(ttl.toSeconds()))
                .map(response -> response != null);
    }

    public Uni<Void> unlockTraining() {
        return redis.key().del(TRAINING_LOCK).replaceWithVoid();
    }
}
