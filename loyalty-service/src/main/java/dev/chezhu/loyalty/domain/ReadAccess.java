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

    public static final String LOYALTY_WRITE = "loyalty:write";
    public static final String COUPONS_PUBLISH = "coupons:publish";

    public static void check(Caller caller) {
        if (partnerOnly(caller) && !caller.scopes().contains(LOYALTY_READ)) {
            throw ServiceException.permissionDenied("SCOPE_REQUIRED", "Reading loyalty accounts needs the "
                    + LOYALTY_READ + " scope");
        }
    }

    /** A partner app (and nothing more trusted) needs one of these scopes. */
    public static void requireScope(Caller caller, String... anyOf) {
        if (partnerOnly(caller) && java.util.Arrays.stream(anyOf).noneMatch(caller.scopes()::contains)) {
            throw ServiceException.permissionDenied("SCOPE_REQUIRED", "This method needs the "
                    + String.join(" or ", anyOf) + " scope");
        }
    }

    static boolean partnerOnly(Caller caller) {
        return caller.hasRole(Roles.PARTNER) && !caller.hasRole(Roles.SERVICE) && !caller.hasRole(Roles.DEALER)
                && !caller.hasRole(Roles.PLATFORM_ADMIN);
    }
}
