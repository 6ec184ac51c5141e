package dev.chezhu.telematics.domain;

import java.time.Duration;
import java.util.Collection;

import io.smallrye.mutiny.Uni;

/**
 * Keeps consent answers for a few seconds per VIN so that the hot path is not one identity call per
 * batch. The answers live in Redis, shared by every replica, so that identity's ConsentChanged
 * event, consumed by one replica, withdraws an answer for all of them at once ({@link #forget}); the
 * time-to-live bounds what no event reports (an erased owner, a merge). Only answers are kept,
 * never failures: an unreachable identity-service is asked again on the next batch. A Redis that
 * cannot answer makes the cache a miss, never a refusal.
 */
public final class ConsentCache {

    private final ConsentGate gate;
    private final ConsentAnswers answers;
    private final Duration ttl;

    public ConsentCache(ConsentGate gate, ConsentAnswers answers, Duration ttl) {
        this.gate = gate;
        this.answers = answers;
        this.ttl = ttl;
    }

    public Uni<ConsentDecision> telemetryCollection(String vin) {
        if (ttl.isZero()) {
            return gate.telemetryCollection(vin);
        }
        return answers.get(vin).onFailure().recoverWithItem(java.util.Optional.empty())
                .flatMap(cached -> cached.isPresent() ? Uni.createFrom().item(cached.get())
                        : gate.telemetryCollection(vin).call(decision -> answers.put(vin, decision, ttl)
                                .onFailure().recoverWithNull()));
    }

    /** Forgets the answers for these vehicles: the next batch of each asks identity again. */
    public Uni<Void> forget(Collection<String> vins) {
        return vins.isEmpty() ? Uni.createFrom().voidItem() : answers.forget(vins);
    }

    /** Where the answers are kept (Redis; see persistence.ConsentAnswerCache). */
    public interface ConsentAnswers {

        Uni<java.util.Optional<ConsentDecision>> get(String vin);

        Uni<Void> put(String vin, ConsentDecision decision, Duration ttl);

        Uni<Void> forget(Collection<String> vins);
    }
}
