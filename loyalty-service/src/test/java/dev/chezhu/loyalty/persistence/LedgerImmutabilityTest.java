package dev.chezhu.loyalty.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.platform.testing.TestCallers;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The database itself keeps the ledger append-only and the balance equal to the sum of the ledger. */
@QuarkusTest
class LedgerImmutabilityTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    LedgerSql sql;

    private String credited(String person, long points) {
        CreditPointsRequest request = CreditPointsRequest.newBuilder().setAccount("accounts/" + person)
                .setPoints(points).setReason("PURCHASE").setSourceReference("orders/O-" + UUID.randomUUID())
                .setRequestId(UUID.randomUUID().toString()).build();
        loyalty.withCallCredentials(TestCallers.service("gateway")).creditPoints(request);
        return request.getRequestId();
    }

    @Test
    void aLedgerRowCannotBeUpdatedOrDeleted() {
        String person = UUID.randomUUID().toString();
        String requestId = credited(person, 500);

        SQLException update = assertThrows(SQLException.class,
                () -> sql.execute("update ledger_entry set points = points * 10 where request_id = ?", requestId));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        SQLException delete = assertThrows(SQLException.class,
                () -> sql.execute("delete from ledger_entry where request_id = ?", requestId));
        assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());

        assertEquals("500", sql.column("points", requestId));
        assertEquals(500, sql.balanceSnapshot(person));
    }

    @Test
    void theBalanceCannotBeEditedAroundTheLedger() {
        String person = UUID.randomUUID().toString();
        credited(person, 80);
        SQLException edit = assertThrows(SQLException.class,
                () -> sql.execute("update loyalty_account set balance = balance + 1000 where person_id = ?", person));
        assertTrue(edit.getMessage().contains("only through ledger entries"), edit.getMessage());
        assertThrows(SQLException.class, () -> sql.execute("delete from loyalty_account where person_id = ?", person));
        assertEquals(80, sql.balanceSnapshot(person));
    }

    @Test
    void anEntryWrittenOutsideTheServiceStillMovesTheBalance() throws SQLException {
        String person = UUID.randomUUID().toString();
        credited(person, 300);
        int written = sql.execute("insert into ledger_entry (entry_id, person_id, kind, points, reason, "
                + "source_reference, request_id, actor_client, actor_subject, created_at) values (gen_random_uuid(), ?, "
                + "'ADJUST', -120, 'CORRECTION', 'tickets/T-1', gen_random_uuid()::text, 'psql', 'ops', now())", person);
        assertEquals(1, written);
        assertEquals(180, sql.ledgerSum(person));
        assertEquals(180, sql.balanceSnapshot(person));
    }

    @Test
    void anEntryWhosSignContradictsItsKindIsRefused() {
        String person = UUID.randomUUID().toString();
        credited(person, 10);
        assertThrows(SQLException.class, () -> sql.execute("insert into ledger_entry (entry_id, person_id, kind, "
                + "points, reason, source_reference, request_id, actor_client, actor_subject, created_at) values "
                + "(gen_random_uuid(), ?, 'EARN', -10, 'PURCHASE', 'orders/x', gen_random_uuid()::text, 'psql', 'ops', "
                + "now())", person));
        assertEquals(10, sql.balanceSnapshot(person));
    }
}
