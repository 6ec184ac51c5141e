package dev.chezhu.loyalty.domain;

import io.smallrye.mutiny.Uni;

/** Port to the identity service's consent records: may the brand use a person's data for a purpose? */
public interface ConsentGate {

    String MARKETING = "marketing";

    /** The answer for one person and purpose. A failure means identity could not answer (treated as no). */
    Uni<Decision> check(String personId, String purpose);

    /** granted, the consent state (e.g. `GRANTED`, `WITHDRAWN`, `NEVER_ASKED`) and why. */
    record Decision(boolean granted, String state, String reason) {
    }
}
