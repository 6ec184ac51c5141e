package dev.chezhu.recommendation.domain;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;

/**
 * Who may change the catalogue: the platform team any item; a content partner only with the
 * {@value #WRITE_SCOPE} scope in its token, and only the items its own client created (the launch
 * catalogue belongs to the platform team).
 */
public final class CatalogueAccess {

    public static final String WRITE_SCOPE = "catalog:write";

    private CatalogueAccess() {
    }

    public static void checkWrite(Caller caller) {
        if (caller.hasRole(Roles.PLATFORM_ADMIN)) {
            return;
        }
        if (!caller.scopes().contains(WRITE_SCOPE)) {
            throw ServiceException.permissionDenied("SCOPE_REQUIRED",
                    "Changing the catalogue needs the " + WRITE_SCOPE + " scope");
        }
    }

    public static void checkOwner(Caller caller, CatalogueItem item) {
        if (caller.hasRole(Roles.PLATFORM_ADMIN)) {
            return;
        }
        if (item.ownerClient() == null || !item.ownerClient().equals(owner(caller))) {
            throw ServiceException.permissionDenied("NOT_ITEM_OWNER",
                    "A content partner may change only the items it created");
        }
    }

    /** The owner recorded for items the caller creates: its OAuth client. */
    public static String owner(Caller caller) {
        return caller.clientId() == null || caller.clientId().isBlank() ? caller.subject() : caller.clientId();
    }
}
