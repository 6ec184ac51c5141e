package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.LoyaltyRequests.credit;
import static dev.chezhu.loyalty.grpc.LoyaltyRequests.get;
import static dev.chezhu.loyalty.grpc.LoyaltyRequests.newPerson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call what: tokens are checked, roles before input, and refused calls write nothing. */
@QuarkusTest
class GrpcSecurityTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    LedgerSql sql;

    private static Status.Code codeOf(Function<LoyaltyServiceBlockingStub, ?> call, LoyaltyServiceBlockingStub stub) {
        return assertThrows(StatusRuntimeException.class, () -> call.apply(stub)).getStatus().getCode();
    }

    @Test
    void noTokenIsUnauthenticated() {
        String person = newPerson();
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(s -> s.getAccount(get(person)), loyalty));
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(s -> s.creditPoints(credit(person, 10).build()), loyalty));
        assertEquals(-1, sql.balanceSnapshot(person));
    }

    /** Verified tokens are remembered (VerifiedTokenCache), but never past their own expiry. */
    @Test
    void aRememberedTokenStopsWorkingWhenItExpires() throws InterruptedException {
        LoyaltyServiceBlockingStub expiring = loyalty.withCallCredentials(new BearerTokenCredentials(
                TestCallers.shortLivedToken()));
        Status.Code first = codeOf(s -> s.getAccount(get(newPerson())), expiring);
        assertTrue(first == Status.Code.PERMISSION_DENIED || first == Status.Code.UNAUTHENTICATED, first.name());
        Thread.sleep(2_100);
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(s -> s.getAccount(get(newPerson())), expiring));
    }

    @Test
    void forgedTokenIsUnauthenticated() {
        String token = TestCallers.KEYCLOAK.clientToken("loyalty-service", "loyalty-service-secret");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(s -> s.creditPoints(credit(newPerson(), 10).build()),
                loyalty.withCallCredentials(new BearerTokenCredentials(forged))));
    }

    /** A head unit reads only its own vehicle's owner's account (AccessTest), and never credits. */
    @Test
    void aHeadUnitMayNeitherReadAnotherPersonsAccountNorCredit() {
        LoyaltyServiceBlockingStub headUnit = loyalty.withCallCredentials(TestCallers.headUnit());
        String person = newPerson();
        StatusRuntimeException credit = assertThrows(StatusRuntimeException.class,
                () -> headUnit.creditPoints(credit(person, 10).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, credit.getStatus().getCode());
        assertEquals("ROLE_NOT_ALLOWED", ErrorDetails.errorInfo(credit).orElseThrow().getReason());
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(s -> s.getAccount(get(person)), headUnit));
        assertEquals(-1, sql.balanceSnapshot(person));
    }

    @Test
    void authorisationIsCheckedBeforeTheInput() {
        LoyaltyServiceBlockingStub headUnit = loyalty.withCallCredentials(TestCallers.otherHeadUnit());
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(
                s -> s.getAccount(GetAccountRequest.newBuilder().setName("not-a-name").build()), headUnit));
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(
                s -> s.creditPoints(CreditPointsRequest.getDefaultInstance()), headUnit));
    }

    @Test
    void aPartnerMayReadButNotCredit() {
        LoyaltyServiceBlockingStub partner = loyalty.withCallCredentials(TestCallers.partner());
        String person = newPerson();
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(s -> s.creditPoints(credit(person, 10).build()), partner));
        assertEquals(0, partner.getAccount(get(person)).getBalance());
        assertEquals(-1, sql.balanceSnapshot(person));
    }

    @Test
    void everyReadingRoleGetsAnAccount() {
        String person = newPerson();
        for (BearerTokenCredentials caller : new BearerTokenCredentials[] { TestCallers.dealerD001(),
                TestCallers.platformAdmin(), TestCallers.service("recommendation-service"), TestCallers.partner() }) {
            assertEquals("accounts/" + person, loyalty.withCallCredentials(caller).getAccount(get(person)).getName());
        }
    }
}
