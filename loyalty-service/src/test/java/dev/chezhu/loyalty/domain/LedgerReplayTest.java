package dev.chezhu.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.persistence.LedgerEntryEntity;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;

/** A request_id is answered with its first entry only when the resend is the same credit from the same caller. */
class LedgerReplayTest {

    private static final Credit CREDIT = new Credit("p-1", 100, CreditReason.PURCHASE, "orders/O-1", "req-1");
    private static final Actor ACTOR = new Actor("loyalty-service", "sub-1", Optional.empty());

    private static LedgerEntryEntity first(Consumer<LedgerEntryEntity> change) {
        LedgerEntryEntity entry = new LedgerEntryEntity();
        entry.entryId = UUID.randomUUID();
        entry.personId = "p-1";
        entry.kind = "EARN";
        entry.points = 100;
        entry.reason = "PURCHASE";
        entry.sourceReference = "orders/O-1";
        entry.requestId = "req-1";
        entry.actorClient = "loyalty-service";
        entry.actorSubject = "sub-1";
        entry.createdAt = Instant.parse("2026-11-25T10:00:00Z");
        change.accept(entry);
        return entry;
    }

    @Test
    void anIdenticalResendGetsTheFirstEntry() {
        LedgerEntryEntity first = first(e -> {
        });
        assertSame(first, Ledger.sameCredit(first, CREDIT, ACTOR));
    }

    @Test
    void anyDifferenceIsARequestIdReuse() {
        for (Consumer<LedgerEntryEntity> change : java.util.List.<Consumer<LedgerEntryEntity>> of(
                e -> e.personId = "p-2", e -> e.points = 101, e -> e.reason = "REFERRAL",
                e -> e.sourceReference = "orders/O-2", e -> e.kind = "ADJUST", e -> e.actorClient = "gateway",
                e -> e.actorSubject = "sub-2")) {
            ServiceException refused = assertThrows(ServiceException.class,
                    () -> Ledger.sameCredit(first(change), CREDIT, ACTOR));
            assertEquals(Status.Code.ALREADY_EXISTS, refused.code());
            assertEquals("REQUEST_ID_REUSED", refused.reason());
        }
    }
}
