package dev.chezhu.telematics.persistence;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.telematics.domain.ConsentCache.ConsentAnswers;
import dev.chezhu.telematics.domain.ConsentDecision;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Identity's consent answers per vehicle, {@code telematics:consent:{vin}} = GRANTED | NOT_GRANTED
 * with a time-to-live. A VIN and a yes/no only: no person ID is kept here.
 */
@ApplicationScoped
public class ConsentAnswerCache implements ConsentAnswers {

    static final String PREFIX = "telematics:consent:";

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;

    public ConsentAnswerCache(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.values = redis.value(String.class);
    }

    @Override
    public Uni<Optional<ConsentDecision>> get(String vin) {
        return values.get(PREFIX + vin).map(v -> v == null ? Optional.empty() : Optional.of(ConsentDecision.valueOf(v)));
    }

    @Override
    public Uni<Void> put(String vin, ConsentDecision decision, Duration ttl) {
        return values.set(PREFIX + vin, decision.name(), new SetArgs().px(ttl));
    }

    @Override
    public Uni<Void> forget(Collection<String> vins) {
        return redis.key(String.class).del(vins.stream().map(vin -> PREFIX + vin).toArray(String[]::new))
                .replaceWithVoid();
    }
}
