package dev.chezhu.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.domain.CouponModel.Coupon;
import dev.chezhu.loyalty.domain.CouponModel.State;
import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;

/** Codes, QR payloads, discounts, audiences and the counter's rules, as plain rules. */
class CouponRulesTest {

    static final CouponCodes CODES = new CouponCodes("0123456789ABCDEFGHJKMNPQRSTVWXYZ", "XXXX-XXXX-XXXX-XX");
    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    @Test
    void codesFollowThePatternWithEnoughRandomness() {
        assertEquals(70.0, CODES.entropyBits("XXXX-XXXX-XXXX-XX"), 0.001);
        assertNull(CODES.problem("CZ-XXXX-XXXX-XXXX"));
        assertTrue(CODES.problem("CZ-XXXX-XXXX").contains("40 bits"), "8 characters are guessable");
        assertTrue(CODES.problem("cz-xxxx-xxxx-xxxx").contains("[A-Z0-9-]"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String code = CODES.generate("CZ-XXXX-XXXX-XXXX");
            assertTrue(code.matches("CZ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"), code);
            seen.add(code);
        }
        assertEquals(20_000, seen.size(), "no collision among 20,000 codes of 60 bits");
        assertThrows(IllegalArgumentException.class, () -> new CouponCodes("ABC", "XXXX-XXXX-XXXX-XX"));
        assertThrows(IllegalArgumentException.class, () -> new CouponCodes("0123456789ABCDEFGHJKMNPQRSTVWXYZ", "XXXX"));
    }

    static QrSigner signer() {
        return new QrSigner("dev-1", "MC4CAQAwBQYDK2VwBCIEIM75PjGgtki7HMcBn36G1XoLfM/zpyOlhohXqO4G4lWv",
                Map.of("dev-1", "MCowBQYDK2VwAyEAfvvaQm9FLpkzpA4/j3x+xmr0gqn38nMgUl27RRXpbUM="));
    }

    @Test
    void qrPayloadsVerifyAndAnyChangeBreaksThem() {
        QrSigner qr = signer();
        String payload = qr.sign("CZ-AAAA-BBBB-CCCC", "spring-service", NOW);
        QrSigner.Verification ok = qr.verify(payload);
        assertEquals(new QrSigner.QrContent("CZ-AAAA-BBBB-CCCC", "spring-service", NOW), ok.content().orElseThrow());
        assertEquals(payload, qr.sign("CZ-AAAA-BBBB-CCCC", "spring-service", NOW), "Ed25519 is deterministic");

        String[] parts = payload.split("\\.");
        String forgedBody = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("dev-1|CZ-AAAA-BBBB-CCCD|spring-service|" + NOW.getEpochSecond()).getBytes());
        assertEquals("BAD_SIGNATURE", qr.verify(parts[0] + "." + forgedBody + "." + parts[2]).problem());
        String otherKey = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("dev-9|CZ-AAAA-BBBB-CCCC|spring-service|" + NOW.getEpochSecond()).getBytes());
        assertEquals("UNKNOWN_KEY", qr.verify(parts[0] + "." + otherKey + "." + parts[2]).problem());
        assertEquals("MALFORMED", qr.verify("CZ-AAAA-BBBB-CCCC").problem());
        assertEquals("MALFORMED", qr.verify("CZQ1.%%%.abc").problem());
        assertEquals("MALFORMED", qr.verify(null).problem());
    }

    @Test
    void discountsNeverExceedTheBillOrTheCap() {
        Discount amount = new Discount(Discount.Kind.AMOUNT, 5_000, 0, 0, null, 0);
        assertEquals(5_000, amount.on(0), "no bill given: the face value");
        assertEquals(3_000, amount.on(3_000));
        Discount pct = new Discount(Discount.Kind.PERCENTAGE, 0, 15, 20_000, null, 0);
        assertEquals(15_000, pct.on(100_000));
        assertEquals(20_000, pct.on(1_000_000), "capped");
        assertEquals(20_000, pct.faceValue(), "a percentage coupon reserves its cap");
        Discount item = new Discount(Discount.Kind.FREE_SERVICE_ITEM, 0, 0, 0, "OIL_CHANGE", 38_000);
        assertEquals(38_000, item.on(999));
    }

    @Test
    void audiencesMatchEveryNonEmptyListAndSayWhatIsMissing() {
        Profile owner = new Profile("p", "OWNER", Set.of("price_sensitive"), Set.of("ENCORE"), Set.of());
        assertTrue(Audience.EVERYONE.matches(owner, "STANDARD"));
        assertFalse(Audience.EVERYONE.needsProfile());
        Audience goldOwners = new Audience(List.of("OWNER", "LOYAL"), List.of(), List.of(), List.of("GOLD"));
        assertFalse(goldOwners.matches(owner, "STANDARD"));
        assertTrue(goldOwners.matches(owner, "GOLD"));
        assertEquals("tier STANDARD not in [GOLD]", goldOwners.mismatch(owner, "STANDARD"));
        Audience encore = new Audience(List.of(), List.of("kol", "price_sensitive"), List.of("ENCORE"), List.of());
        assertTrue(encore.matches(owner, "SILVER"));
        assertFalse(encore.matches(Profile.unknown("x"), "SILVER"));
    }

    static Coupon coupon(State state, Instant expires, List<String> dealers, CampaignModel.State campaignState) {
        CouponModel.Terms terms = new CouponModel.Terms("spring", "Spring service", new Discount(Discount.Kind.AMOUNT,
                5_000, 0, 0, null, 0), NOW.minusSeconds(86_400), NOW.plusSeconds(86_400 * 30), campaignState, dealers,
                CampaignModel.BudgetEnforcement.ISSUE);
        return new Coupon("CZ-AAAA-BBBB-CCCC", "p-1", "p-1", state, 5_000, NOW.minusSeconds(3_600), expires, false, terms,
                null);
    }

    private static String refusal(Runnable check) {
        return assertThrows(ServiceException.class, check::run).reason();
    }

    @Test
    void theCounterChecksTheDealerFirstThenOwnerStateExpiryAndCampaign() {
        Instant later = NOW.plusSeconds(86_400);
        Coupon issued = coupon(State.ISSUED, later, List.of("D001"), CampaignModel.State.ACTIVE);
        RedemptionRules.check(issued, "D001", Optional.empty(), NOW);
        RedemptionRules.check(issued, "D001", Optional.of("p-1"), NOW);
        ServiceException other = assertThrows(ServiceException.class,
                () -> RedemptionRules.check(coupon(State.REDEEMED, NOW, List.of("D001"), CampaignModel.State.PAUSED),
                        "D002", Optional.empty(), NOW));
        assertEquals(Status.Code.PERMISSION_DENIED, other.code());
        assertEquals("DEALER_NOT_ALLOWED", other.reason(), "another dealer learns nothing about the coupon's state");
        assertEquals("COUPON_NOT_OWNED", refusal(() -> RedemptionRules.check(issued, "D001", Optional.of("p-2"), NOW)));
        assertEquals("COUPON_ALREADY_REDEEMED", refusal(() -> RedemptionRules.check(
                coupon(State.REDEEMED, later, List.of(), CampaignModel.State.ACTIVE), "D009", Optional.empty(), NOW)));
        assertEquals("COUPON_EXPIRED", refusal(() -> RedemptionRules.check(
                coupon(State.ISSUED, NOW, List.of(), CampaignModel.State.ACTIVE), "D001", Optional.empty(), NOW)));
        assertEquals("COUPON_EXPIRED", refusal(() -> RedemptionRules.check(
                coupon(State.EXPIRED, later, List.of(), CampaignModel.State.ACTIVE), "D001", Optional.empty(), NOW)));
        assertEquals("COUPON_VOIDED", refusal(() -> RedemptionRules.check(
                coupon(State.VOIDED, later, List.of(), CampaignModel.State.ACTIVE), "D001", Optional.empty(), NOW)));
        assertEquals("CAMPAIGN_NOT_ACTIVE", refusal(() -> RedemptionRules.check(
                coupon(State.ISSUED, later, List.of(), CampaignModel.State.PAUSED), "D001", Optional.empty(), NOW)));

        Coupon percent = new Coupon("CZ-1", "p-1", "p-1", State.ISSUED, 1, NOW, later, false, new CouponModel.Terms("c",
                "c", new Discount(Discount.Kind.PERCENTAGE, 0, 10, 1_000, null, 0), NOW, later, CampaignModel.State.ACTIVE,
                List.of(), CampaignModel.BudgetEnforcement.ISSUE), null);
        ServiceException noBill = assertThrows(ServiceException.class, () -> RedemptionRules.discount(percent, 0));
        assertEquals(List.of("bill_amount"), noBill.violations().stream().map(FieldViolation::field).toList());
        assertEquals(500, RedemptionRules.discount(percent, 5_000));
    }

    @Test
    void aCampaignIsCheckedWholeAndNeedsSixtyBitCodes() {
        CampaignValidator validator = new CampaignValidator(CODES);
        CampaignModel.CampaignCommand bad = new CampaignModel.CampaignCommand("X", "", new Discount(
                Discount.Kind.PERCENTAGE, 0, 120, 0, null, 0), NOW, NOW.minusSeconds(1), 0, new Audience(List.of("a b"),
                        List.of(), List.of(), List.of()), 0, 0, null, 0, List.of("D001"), "CZ-XXXX", "");
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(bad, NOW));
        assertEquals("INVALID_CAMPAIGN", refused.reason());
        assertEquals(List.of("campaign_id", "campaign.display_name", "campaign.discount.percent",
                "campaign.discount.max_amount", "campaign.end_time", "campaign.end_time", "campaign.coupon_validity_days",
                "campaign.audience.lifecycle_stages", "campaign.budget.max_count", "campaign.budget.max_value",
                "campaign.per_person_limit", "campaign.code_pattern", "request_id"),
                refused.violations().stream().map(FieldViolation::field).toList());
        CampaignModel.CampaignSpec ok = validator.validate(new CampaignModel.CampaignCommand("", "Oil change",
                new Discount(Discount.Kind.FREE_SERVICE_ITEM, 0, 0, 0, "OIL_CHANGE", 38_000), NOW, NOW.plusSeconds(3_600),
                30, null, 100, 3_800_000, null, 1, null, "", "req-1"), NOW);
        assertNull(ok.campaignId(), "generated on creation");
        assertEquals("XXXX-XXXX-XXXX-XX", ok.codePattern());
        assertEquals(CampaignModel.BudgetEnforcement.ISSUE, ok.enforcement());
        assertNotNull(ok.audience());
    }
}
