package dev.chezhu.platform.auth;

import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as far as authorisation needs to know: roles plus the claims that bind a caller to
 * data (the VIN of a head unit, the dealer of a dealer user) and the OAuth client for audit.
 */
public record Caller(String subject, String clientId, Set<String> roles, Optional<String> vin,
        Optional<String> dealerId, Set<String> scopes) {

    public static final String VIN_CLAIM = "vin";
    public static final String DEALER_CLAIM = "dealer_id";

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller("anonymous", "", Set.of(), Optional.empty(), Optional.empty(), Set.of());
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String scope = jwt.getClaim("scope");
            Set<String> scopes = scope == null || scope.isBlank() ? Set.of() : Set.of(scope.trim().split("\\s+"));
            return new Caller(jwt.getSubject(), Optional.ofNullable(jwt.<String> getClaim("azp")).orElse(""),
                    identity.getRoles(), Optional.ofNullable(jwt.<String> getClaim(VIN_CLAIM)),
                    Optional.ofNullable(jwt.<String> getClaim(DEALER_CLAIM)), scopes);
        }
        return new Caller(identity.getPrincipal().getName(), "", identity.getRoles(), Optional.empty(),
                Optional.empty(), Set.of());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Head units are the only callers bound to one vehicle. */
    public boolean isHeadUnit() {
        return hasRole(Roles.HEAD_UNIT) && !hasRole(Roles.PLATFORM_ADMIN) && !hasRole(Roles.SERVICE);
    }

    public boolean isDealer() {
        return hasRole(Roles.DEALER) && !hasRole(Roles.PLATFORM_ADMIN);
    }

    /** True when this caller may read or write data of the given vehicle. */
    public boolean mayAccessVehicle(String requestedVin) {
        return !isHeadUnit() || vin.map(v -> v.equalsIgnoreCase(requestedVin)).orElse(false);
    }
}
