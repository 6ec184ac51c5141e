package dev.chezhu.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;

class ReadAccessTest {

    private static Caller caller(Set<String> roles, Set<String> scopes) {
        return new Caller("sub", "client", roles, Optional.empty(), Optional.empty(), scopes);
    }

    @Test
    void aPartnerNeedsTheLoyaltyReadScope() {
        ServiceException refused = assertThrows(ServiceException.class,
                () -> ReadAccess.check(caller(Set.of(Roles.PARTNER), Set.of("persons:read", "loyalty:write"))));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.code());
        assertEquals("SCOPE_REQUIRED", refused.reason());
        assertDoesNotThrow(() -> ReadAccess.check(caller(Set.of(Roles.PARTNER), Set.of("profile", "loyalty:read"))));
    }

    @Test
    void staffAndServicesAreTrustedByRole() {
        assertDoesNotThrow(() -> ReadAccess.check(caller(Set.of(Roles.DEALER), Set.of())));
        assertDoesNotThrow(() -> ReadAccess.check(caller(Set.of(Roles.SERVICE), Set.of())));
        assertDoesNotThrow(() -> ReadAccess.check(caller(Set.of(Roles.PLATFORM_ADMIN), Set.of())));
    }
}
