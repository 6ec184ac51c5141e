package dev.chezhu.loyalty.domain;

import java.util.Optional;

import dev.chezhu.platform.auth.Caller;

/**
 * Who caused a movement, recorded on every ledger entry: the OAuth client, the token subject (a
 * Keycloak user or service-account ID, never a name) and the dealer of a dealer user.
 */
public record Actor(String clientId, String subject, Optional<String> dealerId) {

    public static Actor of(Caller caller) {
        return new Actor(caller.clientId(), caller.subject(), caller.isDealer() ? caller.dealerId() : Optional.empty());
    }

    /** True when both name the same caller: a resend must come from whoever sent the original. */
    public boolean sameCaller(Actor other) {
        return clientId.equals(other.clientId) && subject.equals(other.subject);
    }
}
