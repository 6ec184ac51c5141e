package dev.chezhu.loyalty.identity;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.chezhu.loyalty.domain.ConsentGate;
import dev.chezhu.loyalty.domain.Profile;
import dev.chezhu.loyalty.domain.ProfileDirectory;
import io.smallrye.mutiny.Uni;

/**
 * The identity service as tests need it (identity-service is not running in this module's tests):
 * profiles, vehicle owners and marketing consents that tests register. Replaces the gRPC adapters
 * for every test; the loyalty stores stay real. A person nobody registered has an unknown profile
 * (an OWNER with no tags) and no consent.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestIdentity implements ProfileDirectory, ConsentGate {

    private static final Map<String, Profile> PROFILES = new ConcurrentHashMap<>();
    private static final Map<String, String> OWNERS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> MARKETING = new ConcurrentHashMap<>();
    private static final Set<String> UNKNOWN = ConcurrentHashMap.newKeySet();
    private static volatile boolean down;

    public static void profile(String personId, String lifecycle, Set<String> tags, Set<String> models) {
        PROFILES.put(personId, new Profile(personId, lifecycle, tags, models, Set.of()));
    }

    public static void owner(String vin, String personId) {
        OWNERS.put(vin, personId);
    }

    public static void noOwner(String vin) {
        OWNERS.remove(vin);
    }

    public static void marketing(String personId, boolean granted) {
        MARKETING.put(personId, granted);
    }

    /** Identity answers NOT_FOUND for this person. */
    public static void unknown(String personId) {
        UNKNOWN.add(personId);
    }

    /** Identity cannot be reached. */
    public static void down(boolean isDown) {
        down = isDown;
    }

    @Override
    public Uni<Optional<Profile>> profile(String personId) {
        if (down) {
            return Uni.createFrom().failure(new io.grpc.StatusRuntimeException(io.grpc.Status.UNAVAILABLE));
        }
        if (UNKNOWN.contains(personId)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().item(Optional.of(PROFILES.getOrDefault(personId,
                new Profile(personId, "OWNER", Set.of(), Set.of(), Set.of()))));
    }

    @Override
    public Uni<Optional<String>> ownerOf(String vin) {
        if (down) {
            return Uni.createFrom().failure(new io.grpc.StatusRuntimeException(io.grpc.Status.UNAVAILABLE));
        }
        return Uni.createFrom().item(Optional.ofNullable(OWNERS.get(vin)));
    }

    @Override
    public Uni<Decision> check(String personId, String purpose) {
        if (down) {
            return Uni.createFrom().failure(new io.grpc.StatusRuntimeException(io.grpc.Status.UNAVAILABLE));
        }
        Boolean granted = MARKETING.get(personId);
        if (granted == null) {
            return Uni.createFrom().item(new Decision(false, "CONSENT_STATE_UNSPECIFIED",
                    "CONSENT_DECISION_REASON_NO_RECORD"));
        }
        return Uni.createFrom().item(granted ? new Decision(true, "CONSENT_STATE_GRANTED", "CONSENT_DECISION_REASON_GRANTED")
                : new Decision(false, "CONSENT_STATE_REVOKED", "CONSENT_DECISION_REASON_REVOKED"));
    }
}
