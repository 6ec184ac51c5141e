package dev.chezhu.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.domain.PointsCommands.EarnCommand;
import dev.chezhu.loyalty.domain.PointsCommands.ReverseCommand;
import dev.chezhu.loyalty.domain.PointsCommands.SpendCommand;
import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;

class PointsValidatorTest {

    private final PointsValidator validator = new PointsValidator(new EarnRules(List.of(
            new EarnRule(CreditReason.PURCHASE, true, 1, 0, 14, false, 0),
            new EarnRule(CreditReason.REFERRAL, false, 0, 500, 30, false, 0))));

    private static List<String> fields(Runnable call) {
        ServiceException refused = assertThrows(ServiceException.class, call::run);
        return refused.violations().stream().map(FieldViolation::field).toList();
    }

    @Test
    void anEarnNeedsASpendExactlyWhenItsRuleIsSpendBased() {
        assertEquals(12_000, validator.earn(new EarnCommand("accounts/p-1", "PURCHASE", 12_000, "orders/1", "r")).spendAmount());
        assertEquals(List.of("spend_amount"), fields(() -> validator.earn(new EarnCommand("accounts/p-1", "PURCHASE", 0,
                "orders/1", "r"))));
        assertEquals(List.of("spend_amount"), fields(() -> validator.earn(new EarnCommand("accounts/p-1", "PURCHASE", -5,
                "orders/1", "r"))));
        assertEquals(List.of("spend_amount"), fields(() -> validator.earn(new EarnCommand("accounts/p-1", "REFERRAL", 100,
                "referrals/1", "r"))));
        assertEquals(List.of("account", "reason", "source_reference", "request_id"), fields(() -> validator.earn(
                new EarnCommand("p-1", "GOODWILL", 0, "", null))), "GOODWILL has no earning rule");
    }

    @Test
    void redemptionsArePositiveAndAdjustmentsNotZero() {
        assertEquals(List.of("points"), fields(() -> validator.redeem(new SpendCommand("accounts/p", 0, "MERCHANDISE",
                "orders/1", "r"))));
        assertEquals(List.of("points"), fields(() -> validator.redeem(new SpendCommand("accounts/p", -10, "MERCHANDISE",
                "orders/1", "r"))));
        assertEquals(-40, validator.adjust(new SpendCommand("accounts/p", -40, "CORRECTION", "tickets/1", "r")).points());
        assertEquals(List.of("points", "reason"), fields(() -> validator.adjust(new SpendCommand("accounts/p", 0,
                "correction", "tickets/1", "r"))));
    }

    @Test
    void aReversalNamesExactlyOneTarget() {
        assertEquals(List.of("source_reference"), fields(() -> validator.reverse(new ReverseCommand("accounts/p", "",
                "", "REFUND", null, "r"))));
        assertEquals(List.of("source_reference"), fields(() -> validator.reverse(new ReverseCommand("accounts/p",
                "orders/1", "accounts/p/entries/0b7d9a51-1e2f-4a4b-8c6d-3f2c1a9e0b7d", "REFUND", null, "r"))));
        assertEquals(List.of("entry"), fields(() -> validator.reverse(new ReverseCommand("accounts/p", "", "entries/1",
                "REFUND", null, "r"))));
        assertEquals("0b7d9a51-1e2f-4a4b-8c6d-3f2c1a9e0b7d", validator.reverse(new ReverseCommand("accounts/p", "",
                "accounts/p/entries/0b7d9a51-1e2f-4a4b-8c6d-3f2c1a9e0b7d", "REFUND", null, "r")).entryId().toString());
    }
}
