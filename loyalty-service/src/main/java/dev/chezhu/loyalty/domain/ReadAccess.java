package dev.chezhu.loyalty.domain;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;

/**
 * Who may read accounts beyond the role check: a partner app only with the {@code loyalty:read}
 * scope its Keycloak client was granted. Staff and services are trusted by role alone.
 */
public final class ReadAccess {

    public static final String LOYALTY_READ = "loyalty:read";

    private ReadAccess() {
    }

    public static void check(Caller caller) {
        boolean partnerOnly = caller.hasRole(Roles.PARTNER) && !caller.hasRole(Roles.SERVICE)
                && !caller.hasRole(Roles.DEALER) && !caller.hasRole(Roles.PLATFORM_ADMIN);
        if (partnerOnly && !caller.scopes().contains(LOYALTY_READ)) {
            throw ServiceException.permissionDenied("SCOPE_REQUIRED", "Reading loyalty accounts needs the "
                    + LOYALTY_READ + " scope");
        }
    }
}
