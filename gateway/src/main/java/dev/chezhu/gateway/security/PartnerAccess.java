package dev.chezhu.gateway.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.chezhu.gateway.problem.ProblemException;
import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What the gateway checks itself before any backend call. Three kinds of caller reach it:
 * <ul>
 * <li>partner clients (role {@code partner}): each call needs its scope;</li>
 * <li>dealer staff (role {@code dealer}, a person in the console) and dealer systems (a partner
 * client whose token carries {@code dealer_id}): bound to their dealer;</li>
 * <li>the platform team (role {@code platform_admin}): everything.</li>
 * </ul>
 * Roles are checked again by each service, which sees the caller's own forwarded token.
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

    public boolean isPlatformAdmin() {
        return caller().hasRole(Roles.PLATFORM_ADMIN);
    }

    /** Partners need the scope; people (dealer staff, platform admin) are governed by their roles. */
    public void requireScope(String scope) {
        Caller caller = caller();
        if (caller.hasRole(Roles.PARTNER) && !caller.hasRole(Roles.PLATFORM_ADMIN) && !caller.scopes().contains(scope)) {
            throw new ProblemException(403, "MISSING_SCOPE", "This call needs the partner scope " + scope);
        }
    }

    /** Dealer staff and dealer systems act for one dealer; the platform team for none in particular. */
    public boolean isDealerBound() {
        Caller caller = caller();
        return !caller.hasRole(Roles.PLATFORM_ADMIN)
                && (caller.hasRole(Roles.DEALER) || caller.dealerId().isPresent());
    }

    /** The dealer a dealer-bound caller acts for; empty for everyone else. */
    public Optional<String> boundDealer() {
        if (!isDealerBound()) {
            return Optional.empty();
        }
        return Optional.of(caller().dealerId().filter(d -> !d.isBlank()).orElseThrow(() -> new ProblemException(403,
                "DEALER_ID_MISSING", "The token names no dealer (claim dealer_id); ask the platform team to bind it")));
    }

    /** Counter operations (redeem a coupon, record a service visit) happen at one dealer: the caller's. */
    public String requireDealer() {
        return boundDealer().orElseThrow(() -> new ProblemException(403, "DEALER_REQUIRED",
                "Only a dealer (dealer staff or a dealer system with a dealer_id) can do this"));
    }

    /** A dealer-bound caller may name only its own dealer. */
    public void requireOwnDealer(String requestedDealerId) {
        if (requestedDealerId == null || requestedDealerId.isBlank()) {
            return;
        }
        boundDealer().filter(own -> !own.equals(requestedDealerId.trim())).ifPresent(own -> {
            throw wrongDealer();
        });
    }

    /** Partners outside the brand's network: vehicle data reaches them only with the owner's consent. */
    public boolean isThirdParty() {
        Caller caller = caller();
        return caller.hasRole(Roles.PARTNER) && !caller.hasRole(Roles.PLATFORM_ADMIN) && !isDealerBound();
    }

    public static ProblemException wrongDealer() {
        return new ProblemException(403, "WRONG_DEALER", "This belongs to another dealer than the caller's");
    }

    /** The caller's token, forwarded so the service authorises the real caller, not the gateway. */
    public BearerTokenCredentials forwardedToken() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getRawToken() != null) {
            return new BearerTokenCredentials(jwt.getRawToken());
        }
        throw new ProblemException(401, "UNAUTHENTICATED", "A bearer token is required");
    }
}
