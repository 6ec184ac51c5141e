package dev.chezhu.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;

class CreditValidatorTest {

    private final CreditValidator validator = new CreditValidator();

    private static CreditCommand credit(long points) {
        return new CreditCommand("accounts/p-1", points, "SERVICE_VISIT", "visits/V-123", "req-1");
    }

    private static List<String> fields(ServiceException refused) {
        return refused.violations().stream().map(FieldViolation::field).toList();
    }

    @Test
    void validCreditNamesThePersonAndReason() {
        Credit credit = validator.validate(credit(250));
        assertEquals(new Credit("p-1", 250, CreditReason.SERVICE_VISIT, "visits/V-123", "req-1"), credit);
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, CreditValidator.MAX_POINTS })
    void pointsAtTheBoundsAreAccepted(long points) {
        assertEquals(points, validator.validate(credit(points)).points());
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, -500, CreditValidator.MAX_POINTS + 1, Long.MAX_VALUE, Long.MIN_VALUE })
    void pointsOutsideOneToAMillionAreRefusedOnTheirField(long points) {
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(credit(points)));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.code());
        assertEquals("INVALID_CREDIT", refused.reason());
        assertEquals(List.of("points"), fields(refused));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ServiceException refused = assertThrows(ServiceException.class,
                () -> validator.validate(new CreditCommand("persons/p-1", 0, "", "", "")));
        assertEquals(List.of("account", "points", "reason", "source_reference", "request_id"), fields(refused));
    }

    @Test
    void nullsAreRefusedNotThrown() {
        ServiceException refused = assertThrows(ServiceException.class,
                () -> validator.validate(new CreditCommand(null, 5, null, null, null)));
        assertEquals(List.of("account", "reason", "source_reference", "request_id"), fields(refused));
    }

    @ParameterizedTest
    @ValueSource(strings = { "service_visit", "Purchase", "BIRTHDAY", " PURCHASE", "PURCHASE " })
    void onlyKnownUpperSnakeReasonsAreAccepted(String reason) {
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(
                new CreditCommand("accounts/p-1", 10, reason, "orders/1", "req-1")));
        assertEquals(List.of("reason"), fields(refused));
    }

    @Test
    void everyKnownReasonIsAccepted() {
        for (CreditReason reason : CreditReason.values()) {
            assertEquals(reason, validator.validate(
                    new CreditCommand("accounts/p-1", 10, reason.name(), "orders/1", "req-" + reason)).reason());
        }
    }

    @Test
    void referencesAndRequestIdsAreBounded() {
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(
                new CreditCommand("accounts/p-1", 10, "PURCHASE", "orders/1 2", "r".repeat(129))));
        assertEquals(List.of("source_reference", "request_id"), fields(refused));
        assertEquals("x".repeat(256), validator.validate(
                new CreditCommand("accounts/p-1", 10, "PURCHASE", "x".repeat(256), "r".repeat(128))).sourceReference());
    }
}
