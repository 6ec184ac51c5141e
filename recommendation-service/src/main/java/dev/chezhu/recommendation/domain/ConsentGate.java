package dev.chezhu.recommendation.domain;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Port to identity-service: may a listener's own data be used to personalise for them (consent
 * purpose {@code personalisation})? A person is asked by person; a vehicle alone by its owners.
 */
public interface ConsentGate {

    /** The answer, or empty when it could not be had (identity unreachable). */
    Uni<Optional<Boolean>> check(Listener listener);

    /** Fails closed: without a known grant, no personalisation. */
    default Uni<Boolean> personalisationAllowed(Listener listener) {
        return check(listener).map(answer -> answer.orElse(false));
    }

    /** Forgets any cached answer for the person (their consent changed). */
    default Uni<Void> forget(String personId) {
        return Uni.createFrom().voidItem();
    }
}
