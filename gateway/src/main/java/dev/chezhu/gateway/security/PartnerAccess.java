package dev.chezhu.gateway.security;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.chezhu.gateway.problem.ProblemException;
import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What the gateway checks itself before any backend call: partner scopes and dealer binding. Roles
 * are checked again by each service, which sees the caller's own forwarded token.
 */
@RequestScoped
public class PartnerAccess {

    private final SecurityIdentity identity;

    public PartnerAccess(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller caller() {
        return Caller.of(identity);
    }

    /** Partners need the scope; staff (dealer, platform admin) are governed by their roles. */
    public void requireScope(String scope) {
        Caller caller = caller();
        if (caller.hasRole(Roles.PARTNER) && !caller.hasRole(Roles.PLATFORM_ADMIN) && !caller.scopes().contains(scope)) {
            throw new ProblemException(403, "MISSING_SCOPE", "This call needs the partner scope " + scope);
        }
    }

    /** The caller's token, forwarded so the service authorises the real caller, not the gateway. */
    public BearerTokenCredentials forwardedToken() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getRawToken() != null) {
            return new BearerTokenCredentials(jwt.getRawToken());
        }
        throw new ProblemException(401, "UNAUTHENTICATED", "A bearer token is required");
    }
}
