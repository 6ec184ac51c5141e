package dev.chezhu.identity.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** gRPC on the HTTP server is guarded by quarkus-oidc and @RolesAllowed, with the right status codes. */
@QuarkusTest
class GrpcSecurityTest {

    private static final GetPersonRequest ANY = GetPersonRequest.newBuilder().setName("persons/nobody").build();

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    private Status.Code codeOf(IdentityServiceBlockingStub stub) {
        return assertThrows(StatusRuntimeException.class, () -> stub.getPerson(ANY)).getStatus().getCode();
    }

    @Test
    void noTokenIsUnauthenticated() {
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(identity));
    }

    @Test
    void forgedTokenIsUnauthenticated() {
        String token = TestCallers.KEYCLOAK.clientToken("partner-app", "partner-app-secret");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(identity.withCallCredentials(new BearerTokenCredentials(forged))));
    }

    @Test
    void expiredTokenIsUnauthenticated() throws InterruptedException {
        // this client's tokens live one second
        String token = TestCallers.shortLivedToken();
        Thread.sleep(2_500);
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(identity.withCallCredentials(new BearerTokenCredentials(token))));
    }

    @Test
    void wrongRoleIsPermissionDenied() {
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(identity.withCallCredentials(TestCallers.headUnit())));
    }

    @Test
    void eachMethodAdmitsItsRolesOnly() {
        var headUnit = identity.withCallCredentials(TestCallers.headUnit());
        var partner = identity.withCallCredentials(TestCallers.partner());
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, () -> headUnit.identifyPerson(
                dev.chezhu.identity.v1.IdentifyPersonRequest.getDefaultInstance())).getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, () -> headUnit.getLifecycle(
                dev.chezhu.identity.v1.GetLifecycleRequest.newBuilder().setName("persons/x/lifecycle").build()))
                .getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, () -> partner.getLead(
                dev.chezhu.identity.v1.GetLeadRequest.newBuilder().setName("leads/x").build())).getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, () -> partner.listLeads(
                dev.chezhu.identity.v1.ListLeadsRequest.getDefaultInstance())).getStatus().getCode());
    }

    @Test
    void aHeadUnitMayResolveWhatACarKnowsButNotAPhone() {
        var headUnit = identity.withCallCredentials(TestCallers.headUnit());
        var phone = dev.chezhu.identity.v1.Identifier.newBuilder()
                .setType(dev.chezhu.identity.v1.IdentifierType.IDENTIFIER_TYPE_PHONE).setValue("13912345678").build();
        var device = dev.chezhu.identity.v1.Identifier.newBuilder()
                .setType(dev.chezhu.identity.v1.IdentifierType.IDENTIFIER_TYPE_HEAD_UNIT_DEVICE).setValue("hu-unknown-1").build();
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, () -> headUnit.lookupPerson(
                dev.chezhu.identity.v1.LookupPersonRequest.newBuilder().setIdentifier(phone).build())).getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> headUnit.lookupPerson(
                dev.chezhu.identity.v1.LookupPersonRequest.newBuilder().setIdentifier(device).build())).getStatus().getCode());
    }

    @Test
    void rightRolePassesAuthorisationBeforeExistence() {
        assertEquals(Status.Code.NOT_FOUND, codeOf(identity.withCallCredentials(TestCallers.dealerD001())));
    }
}
