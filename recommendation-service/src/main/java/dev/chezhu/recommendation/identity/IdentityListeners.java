package dev.chezhu.recommendation.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.InterestTag;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.MutinyIdentityServiceGrpc.MutinyIdentityServiceStub;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.Trait;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.platform.auth.ServiceAccountCredentials;
import dev.chezhu.recommendation.config.RecommendationConfig;
import dev.chezhu.recommendation.domain.ConsentGate;
import dev.chezhu.recommendation.domain.Listener;
import dev.chezhu.recommendation.domain.ListenerProfiles;
import dev.chezhu.recommendation.persistence.ListeningSignals;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * The identity ports over identity-service's gRPC API, with this service's own token: consent by
 * {@code CheckConsent} (purpose personalisation; by person, or by vehicle for a car alone), profile
 * segments from {@code GetPerson} (traits {@code vehicle_model}, {@code brand}, {@code region}/
 * {@code province}/{@code city}, interest tags, the vehicles' lines) and {@code GetLifecycle}.
 * Answers are cached in Redis briefly ({@value #CONSENT}…, {@value #PROFILE}…); failures are not
 * cached: consent then fails closed, a profile is empty.
 */
@ApplicationScoped
public class IdentityListeners implements ConsentGate, ListenerProfiles {

    public static final String CONSENT = ListeningSignals.PREFIX + "consent:";
    public static final String PROFILE = ListeningSignals.PREFIX + "profile:";
    private static final Logger LOG = Logger.getLogger(IdentityListeners.class);
    private static final long DEADLINE_MS = 800;

    private final MutinyIdentityServiceStub identity;
    private final ServiceAccountCredentials credentials;
    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> cache;
    private final RecommendationConfig config;

    public IdentityListeners(@GrpcClient("identity") MutinyIdentityServiceStub identity,
            ServiceAccountCredentials credentials, ReactiveRedisDataSource redis, RecommendationConfig config) {
        this.identity = identity;
        this.credentials = credentials;
        this.redis = redis;
        this.cache = redis.value(String.class, String.class);
        this.config = config;
    }

    private MutinyIdentityServiceStub stub() {
        return identity.withCallCredentials(credentials).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    private static String subject(Listener listener) {
        return listener.personId().map(id -> "person:" + id).orElseGet(() -> "vehicle:" + listener.vin().get());
    }

    @Override
    public Uni<Optional<Boolean>> check(Listener listener) {
        String key = CONSENT + subject(listener);
        return cache.get(key).flatMap(cached -> {
            if (cached != null) {
                return Uni.createFrom().item(Optional.of(cached.equals("1")));
            }
            CheckConsentRequest.Builder request = CheckConsentRequest.newBuilder()
                    .setPurpose(ConsentPurpose.CONSENT_PURPOSE_PERSONALISATION);
            if (listener.personId().isPresent()) {
                request.setPerson("persons/" + listener.personId().get());
            } else {
                request.setVehicle("vehicles/" + listener.vin().get());
            }
            return stub().checkConsent(request.build())
                    .call(answer -> cache.setex(key, config.consentCacheTtl().toSeconds(), answer.getGranted() ? "1" : "0"))
                    .map(answer -> Optional.of(answer.getGranted()))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("consent of %s could not be checked (%s): not personalising", subject(listener),
                                failure.toString());
                        return Optional.empty();
                    });
        });
    }

    @Override
    public Uni<List<String>> segments(Listener listener) {
        if (listener.personId().isEmpty()) {
            return Uni.createFrom().item(List.of(ListenerProfiles.vehicleLine(listener.vin().get())));
        }
        String personId = listener.personId().get();
        String key = PROFILE + "person:" + personId;
        return cache.get(key).flatMap(cached -> {
            if (cached != null) {
                return Uni.createFrom().item(cached.isEmpty() ? List.<String> of() : List.of(cached.split("\n")));
            }
            Uni<Optional<Person>> person = stub().getPerson(GetPersonRequest.newBuilder()
                    .setName("persons/" + personId).build()).map(Optional::of);
            Uni<Optional<LifecycleStage>> stage = stub().getLifecycle(GetLifecycleRequest.newBuilder()
                    .setName("persons/" + personId + "/lifecycle").build())
                    .map(lifecycle -> Optional.of(lifecycle.getStage()))
                    .onFailure().recoverWithItem(Optional.empty());
            return Uni.combine().all().unis(person, stage).asTuple()
                    .map(t -> segmentsOf(t.getItem1().orElseThrow(), t.getItem2()))
                    .call(segments -> cache.setex(key, config.profileCacheTtl().toSeconds(), String.join("\n", segments)))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.debugf("profile of person %s unavailable (%s)", personId, failure.toString());
                        return List.of();
                    });
        });
    }

    static List<String> segmentsOf(Person person, Optional<LifecycleStage> stage) {
        Set<String> segments = new LinkedHashSet<>();
        Map<String, Trait> traits = person.getTraitsMap();
        trait(traits, "vehicle_model", "model").ifPresent(v -> segments.add("model:" + v));
        trait(traits, "brand").ifPresent(v -> segments.add("brand:" + v));
        trait(traits, "region", "province", "city").ifPresent(v -> segments.add("region:" + v));
        for (InterestTag interest : person.getInterestsList()) {
            if (!interest.getTag().isBlank()) {
                segments.add("tag:" + interest.getTag().trim().toLowerCase(Locale.ROOT));
            }
        }
        for (VehicleRelationship vehicle : person.getVehiclesList()) {
            if (vehicle.getVin().length() == 17) {
                segments.add(ListenerProfiles.vehicleLine(vehicle.getVin().toUpperCase(Locale.ROOT)));
            }
        }
        stage.filter(s -> s != LifecycleStage.LIFECYCLE_STAGE_UNSPECIFIED && s != LifecycleStage.UNRECOGNIZED)
                .ifPresent(s -> segments.add("lifecycle:" + s.name().substring("LIFECYCLE_STAGE_".length())
                        .toLowerCase(Locale.ROOT)));
        return new ArrayList<>(segments);
    }

    private static Optional<String> trait(Map<String, Trait> traits, String... keys) {
        for (String key : keys) {
            Trait trait = traits.get(key);
            if (trait != null && !trait.getValue().isBlank()) {
                return Optional.of(trait.getValue().trim());
            }
        }
        return Optional.empty();
    }

    /**
     * The person's own answers, and those of their cars: a car alone is answered by its owners' consent,
     * so the car's cached answer may be theirs. A person identity no longer knows (erased) has no cars
     * to look up; any other failure fails the Uni, and the event that asked is retried.
     */
    @Override
    public Uni<Void> forget(String personId) {
        return redis.key().del(CONSENT + "person:" + personId, PROFILE + "person:" + personId)
                .flatMap(n -> stub().getPerson(GetPersonRequest.newBuilder().setName("persons/" + personId).build())
                        .map(person -> person.getVehiclesList().stream()
                                .map(v -> CONSENT + "vehicle:" + v.getVin().toUpperCase(Locale.ROOT)).distinct()
                                .toArray(String[]::new))
                        .onFailure(f -> f instanceof io.grpc.StatusRuntimeException e
                                && e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND)
                        .recoverWithItem(new String[0]))
                .flatMap(keys -> keys.length == 0 ? Uni.createFrom().voidItem()
                        : redis.key().del(keys).replaceWithVoid());
    }
}
