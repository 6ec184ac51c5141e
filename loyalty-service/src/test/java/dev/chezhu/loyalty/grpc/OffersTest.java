package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.Wire.amountCampaign;
import static dev.chezhu.loyalty.grpc.Wire.create;
import static dev.chezhu.loyalty.grpc.Wire.earn;
import static dev.chezhu.loyalty.grpc.Wire.id;
import static dev.chezhu.loyalty.grpc.Wire.newPerson;
import static dev.chezhu.loyalty.grpc.Wire.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.OnVertx;
import dev.chezhu.loyalty.events.TelematicsEventHandler;
import dev.chezhu.loyalty.identity.TestIdentity;
import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.Audience;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.CreateOfferRuleRequest;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.ListOfferRulesRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.loyalty.v1.OfferDecision;
import dev.chezhu.loyalty.v1.OfferOutcome;
import dev.chezhu.loyalty.v1.OfferRule;
import dev.chezhu.loyalty.v1.OfferTrigger;
import dev.chezhu.loyalty.v1.ReportExperienceRequest;
import dev.chezhu.loyalty.v1.ReportExperienceResponse;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.telematics.v1.Alert;
import dev.chezhu.telematics.v1.AlertRaised;
import dev.chezhu.telematics.v1.AlertType;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Triggered, personal offers: the same bad experience gives a gold customer a free service item and
 * a price-sensitive one a discount; never without marketing consent; capped per person. A telemetry
 * alert that service is due gives the owner a maintenance coupon.
 */
@QuarkusTest
class OffersTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    TelematicsEventHandler telematicsEvents;

    @Inject
    LedgerSql sql;

    /** Each test has its own trigger rules: a fresh trigger is not possible, so rules target fresh tags. */
    private String tag;

    @BeforeEach
    void freshTag() {
        tag = "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private LoyaltyServiceBlockingStub admin() {
        return loyalty.withCallCredentials(Callers.admin());
    }

    private String campaign(String name, Discount discount, long budget) {
        return admin().createCampaign(create(amountCampaign(1, budget).setDisplayName(name).setDiscount(discount)
                .setPerPersonLimit(10).setBudget(Budget.newBuilder().setMaxCount(budget).setMaxValue(budget * 100_000))))
                .getCampaign().getName();
    }

    private OfferRule rule(OfferTrigger trigger, String campaign, int priority, Audience audience) {
        return admin().createOfferRule(CreateOfferRuleRequest.newBuilder().setRequestId(id()).setOfferRule(
                OfferRule.newBuilder().setTrigger(trigger).setCampaign(campaign).setPriority(priority).setMaxOffers(1)
                        .setCapWindowDays(30).setAudience(audience)).build()).getOfferRule();
    }

    private ReportExperienceResponse report(String person, OfferTrigger trigger) {
        return loyalty.withCallCredentials(Callers.dealerD001()).reportExperience(ReportExperienceRequest.newBuilder()
                .setAccount("accounts/" + person).setTrigger(trigger).setSourceReference("visits/V-" + id())
                .setRequestId(id()).build());
    }

    private String person(boolean consent, String... tags) {
        String person = newPerson();
        TestIdentity.profile(person, "OWNER", Set.of(tags), Set.of());
        TestIdentity.marketing(person, consent);
        return person;
    }

    @Test
    void aLongWaitIsCompensatedPerPersonFromTheirProfile() {
        String lounge = campaign("Free lounge hour", Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_FREE_SERVICE_ITEM)
                .setServiceItem("LOUNGE_HOUR").setItemValue(8_800).build(), 10);
        String discount = campaign("15% off the next service", Discount.newBuilder()
                .setKind(DiscountKind.DISCOUNT_KIND_PERCENTAGE).setPercent(15).setMaxAmount(30_000).build(), 10);
        rule(OfferTrigger.OFFER_TRIGGER_LONG_WAIT, lounge, 10, Audience.newBuilder().addTags(tag).addTiers("GOLD")
                .addTiers("PLATINUM").build());
        rule(OfferTrigger.OFFER_TRIGGER_LONG_WAIT, discount, 20, Audience.newBuilder().addTags(tag).build());

        String gold = person(true, tag);
        loyalty.withCallCredentials(Callers.service()).earnPoints(earn(gold, "SERVICE_VISIT", 900_000).build());
        String thrifty = person(true, tag, "price_sensitive");

        OfferDecision toGold = report(gold, OfferTrigger.OFFER_TRIGGER_LONG_WAIT).getDecision();
        assertEquals(OfferOutcome.OFFER_OUTCOME_OFFERED, toGold.getOutcome());
        assertEquals(lounge, toGold.getCoupon().getCampaign());
        assertEquals(DiscountKind.DISCOUNT_KIND_FREE_SERVICE_ITEM, toGold.getCoupon().getDiscount().getKind());
        OfferDecision toThrifty = report(thrifty, OfferTrigger.OFFER_TRIGGER_LONG_WAIT).getDecision();
        assertEquals(OfferOutcome.OFFER_OUTCOME_OFFERED, toThrifty.getOutcome());
        assertEquals(discount, toThrifty.getCoupon().getCampaign());
        assertEquals(1, sql.events("OfferMade", gold));

        OfferDecision capped = report(gold, OfferTrigger.OFFER_TRIGGER_LONG_WAIT).getDecision();
        assertEquals(OfferOutcome.OFFER_OUTCOME_FREQUENCY_CAPPED, capped.getOutcome());
        assertFalse(capped.hasCoupon());
        assertEquals(1, loyalty.withCallCredentials(Callers.service()).listCoupons(ListCouponsRequest.newBuilder()
                .setParent("accounts/" + gold).build()).getCouponsCount(), "capped: no second coupon");
    }

    @Test
    void noMarketingConsentMeansNoOfferAndARetryAnswersTheSame() {
        String discount = campaign("Recall apology", Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_AMOUNT)
                .setAmount(20_000).build(), 10);
        rule(OfferTrigger.OFFER_TRIGGER_RECALL, discount, 10, Audience.newBuilder().addTags(tag).build());
        String refused = person(false, tag);
        ReportExperienceRequest request = ReportExperienceRequest.newBuilder().setAccount("accounts/" + refused)
                .setTrigger(OfferTrigger.OFFER_TRIGGER_RECALL).setSourceReference("recalls/R-1").setRequestId(id()).build();
        ReportExperienceResponse first = loyalty.withCallCredentials(Callers.service()).reportExperience(request);
        assertEquals(OfferOutcome.OFFER_OUTCOME_NO_CONSENT, first.getDecision().getOutcome());
        assertTrue(loyalty.withCallCredentials(Callers.service()).reportExperience(request).getReplayed());
        assertEquals(0, sql.single("select count(*) from coupon where person_id = ?", refused));
        assertEquals(OfferOutcome.OFFER_OUTCOME_NO_MATCHING_RULE, report(person(true, "other"),
                OfferTrigger.OFFER_TRIGGER_RECALL).getDecision().getOutcome());
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_EXPERIENCE", () -> report(refused,
                OfferTrigger.OFFER_TRIGGER_SERVICE_DUE));
    }

    @Test
    void whenTheFirstRulesCampaignIsSpentTheNextRuleOffers() {
        String scarce = campaign("Scarce", Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_AMOUNT)
                .setAmount(10_000).build(), 1);
        String plenty = campaign("Plenty", Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_AMOUNT)
                .setAmount(2_000).build(), 100);
        rule(OfferTrigger.OFFER_TRIGGER_DELAY, scarce, 1, Audience.newBuilder().addTags(tag).build());
        rule(OfferTrigger.OFFER_TRIGGER_DELAY, plenty, 2, Audience.newBuilder().addTags(tag).build());
        assertEquals(scarce, report(person(true, tag), OfferTrigger.OFFER_TRIGGER_DELAY).getDecision().getCoupon()
                .getCampaign());
        assertEquals(plenty, report(person(true, tag), OfferTrigger.OFFER_TRIGGER_DELAY).getDecision().getCoupon()
                .getCampaign());
        assertTrue(admin().listOfferRules(ListOfferRulesRequest.newBuilder().setTrigger(OfferTrigger.OFFER_TRIGGER_DELAY)
                .setPageSize(100).build()).getOfferRulesCount() >= 2);
    }

    private void deliver(AlertRaised raised) {
        Envelope envelope = new Envelope(UUID.randomUUID(), Envelope.typeOf(raised), "telematics-service",
                "vehicles/" + raised.getAlert().getVin(), Instant.now(), null, raised.toByteString());
        OnVertx.await(() -> Panache.withTransaction(() -> telematicsEvents.handle(envelope)));
    }

    @Test
    void serviceDueTelemetryOffersTheOwnerAMaintenanceCouponOnce() {
        String oil = campaign("Oil change", Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_FREE_SERVICE_ITEM)
                .setServiceItem("OIL_CHANGE").setItemValue(38_000).build(), 10);
        rule(OfferTrigger.OFFER_TRIGGER_SERVICE_DUE, oil, 5, Audience.newBuilder().addTags(tag).build());
        String owner = person(true, tag);
        String vin = ("LSV" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 17)
                .replace('I', '1').replace('O', '0').replace('Q', '9');
        TestIdentity.owner(vin, owner);
        AlertRaised alert = AlertRaised.newBuilder().setAlert(Alert.newBuilder().setAlertId("A-" + id()).setVin(vin)
                .setType(AlertType.ALERT_TYPE_SERVICE_DUE)).build();
        deliver(alert);
        deliver(alert);
        assertEquals(1, sql.single("select count(*) from coupon where person_id = ? and offer_rule_id is not null", owner),
                "one coupon, though the alert was delivered twice");
        deliver(AlertRaised.newBuilder().setAlert(alert.getAlert().toBuilder().setAlertId("A-" + id())
                .setType(AlertType.ALERT_TYPE_LOW_TYRE_PRESSURE)).build());
        String unowned = "LFV2A21K5N" + String.format("%07d", (int) (Math.random() * 9_999_999));
        deliver(AlertRaised.newBuilder().setAlert(Alert.newBuilder().setAlertId("A-" + id()).setVin(unowned)
                .setType(AlertType.ALERT_TYPE_SERVICE_DUE)).build());
        assertEquals(1, sql.single("select count(*) from coupon where person_id = ?", owner));
    }
}
