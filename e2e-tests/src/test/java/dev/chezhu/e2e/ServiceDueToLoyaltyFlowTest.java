package dev.chezhu.e2e;

import static dev.chezhu.e2e.Platform.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.Audience;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.BudgetEnforcement;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.Coupon;
import dev.chezhu.loyalty.v1.CouponState;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.CreateOfferRuleRequest;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.OfferRule;
import dev.chezhu.loyalty.v1.OfferTrigger;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponResponse;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.Alert;
import dev.chezhu.telematics.v1.AlertType;
import dev.chezhu.telematics.v1.ConsentOutcome;
import dev.chezhu.telematics.v1.ListAlertsRequest;
import dev.chezhu.telematics.v1.RecordServiceVisitRequest;
import dev.chezhu.telematics.v1.ServiceVisitInput;
import dev.chezhu.telematics.v1.ServiceWorkItem;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Flow 2, the closed loop: the car says service is due (head unit → telematics: SERVICE_DUE alert)
 * → loyalty offers its owner a maintenance coupon, but only once the owner granted marketing → the
 * dealer redeems it at the counter → what was paid earns points → the tier goes up → identity's
 * lifecycle moves the person from lead to owner to loyal.
 */
@QuarkusTest
class ServiceDueToLoyaltyFlowTest {

    private static final String VIN = TestCallers.HEAD_UNIT_VIN;

    @Inject
    Platform platform;

    @AfterEach
    void eraseTestPersons() {
        platform.eraseCreated();
    }

    private LifecycleStage stage(String personId) {
        return platform.identity(TestCallers.service("loyalty-service")).getLifecycle(GetLifecycleRequest.newBuilder()
                .setName("persons/" + personId + "/lifecycle").build()).getStage();
    }

    private static Timestamp time(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
    }

    /**
     * The platform team's maintenance campaign (100 CNY off, any dealer) and its SERVICE_DUE offer rule
     * (rules of earlier runs on the same platform offer the same, so the test does not insist on which).
     */
    private void maintenanceOffer() {
        Campaign campaign = platform.loyalty(TestCallers.platformAdmin()).createCampaign(CreateCampaignRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setCampaign(Campaign.newBuilder()
                        .setDisplayName("Service due: 100 CNY off your maintenance")
                        .setDiscount(Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_AMOUNT).setAmount(10_000))
                        .setStartTime(time(Instant.now().minusSeconds(60)))
                        .setEndTime(time(Instant.now().plusSeconds(30 * 86_400)))
                        .setCouponValidityDays(14)
                        .setBudget(Budget.newBuilder().setMaxCount(1_000).setMaxValue(10_000_000)
                                .setEnforcement(BudgetEnforcement.BUDGET_ENFORCEMENT_ISSUE))
                        .setPerPersonLimit(1)
                        .setAudience(Audience.getDefaultInstance()))
                .build()).getCampaign();
        platform.loyalty(TestCallers.platformAdmin()).createOfferRule(CreateOfferRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setOfferRule(OfferRule.newBuilder()
                        .setTrigger(OfferTrigger.OFFER_TRIGGER_SERVICE_DUE).setCampaign(campaign.getName())
                        .setPriority(0).setMaxOffers(1).setCapWindowDays(30))
                .build());
    }

    /** Telemetry that says all is fine (clears an open SERVICE_DUE alert), then that service is due: the new alert. */
    private Alert serviceBecomesDue(String session, long[] sequence) {
        platform.telemetry(VIN, session, ++sequence[0], "Vehicle.Service.DistanceToService", 20_000.0,
                "Vehicle.Service.TimeToService", 200 * 86_400, "Vehicle.Service.IsServiceDue", false);
        assertTrue(alerts().isEmpty(), "no SERVICE_DUE alert open after readings that are all fine");
        platform.telemetry(VIN, session, ++sequence[0], "Vehicle.Service.DistanceToService", 400.0,
                "Vehicle.Service.TimeToService", 200 * 86_400, "Vehicle.Service.IsServiceDue", false);
        List<Alert> open = alerts();
        assertEquals(1, open.size(), "one SERVICE_DUE alert");
        return open.get(0);
    }

    private List<Alert> alerts() {
        return platform.telematics(TestCallers.service("loyalty-service")).listAlerts(ListAlertsRequest.newBuilder()
                .setParent("vehicles/" + VIN).setOpenOnly(true).setPageSize(50).build()).getAlertsList().stream()
                .filter(a -> a.getType() == AlertType.ALERT_TYPE_SERVICE_DUE).toList();
    }

    private static String decision(Alert alert) {
        long rows = Databases.count("loyalty", "select count(*) from offer_decision where source_reference = ?",
                "alerts/" + alert.getAlertId());
        if (rows == 0) {
            return null;
        }
        return Databases.text("loyalty", "select outcome || ':' || person_id from offer_decision where source_reference = ?",
                "alerts/" + alert.getAlertId());
    }

    private List<Coupon> coupons(String personId) {
        return platform.loyalty(TestCallers.service("identity-service")).listCoupons(ListCouponsRequest.newBuilder()
                .setParent("accounts/" + personId).setPageSize(50).build()).getCouponsList();
    }

    private void serviceVisit(LocalDate day, long odometer, String work) {
        platform.telematics(TestCallers.dealerD001()).recordServiceVisit(RecordServiceVisitRequest.newBuilder()
                .setRequestId("visit-" + UUID.randomUUID()).setVehicle("vehicles/" + VIN)
                .setVisit(ServiceVisitInput.newBuilder().setVisitDate(day.toString()).setOdometerKm(odometer)
                        .addWorkItems(ServiceWorkItem.newBuilder().setCode(work).setDescription(work)))
                .build());
    }

    @Test
    void serviceDueTelemetryBecomesAMaintenanceCouponPointsATierAndALoyalCustomer() {
        maintenanceOffer();

        // a lead: signed up in the app, no car yet
        String phone = Platform.phone();
        String personId = platform.observe("""
                {"source":"app","identifiers":[{"type":"phone","value":"%s"},{"type":"app_account","value":"lead-%s"}],
                 "traits":{"given_name":"Jun"}}""".formatted(phone, Platform.unique()))[0];
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LEAD, stage(personId));

        // buys the car: the dealer's CRM reports the owner
        assertEquals(personId, platform.observe("""
                {"source":"dealer_crm:D001","identifiers":[{"type":"phone","value":"+86 %s"},
                 {"type":"dealer_crm_id","value":"CRM-%s","scope":"D001"}],
                 "vehicles":[{"vin":"%s","role":"owner"}]}""".formatted(phone, Platform.unique(), VIN))[0]);
        eventually("the lead became an owner", () -> stage(personId), s -> s == LifecycleStage.LIFECYCLE_STAGE_OWNER);

        // its history so far: two services at the dealer this year
        serviceVisit(LocalDate.now(ZoneOffset.UTC).minusDays(200), 5_000, "FIRST_SERVICE");
        serviceVisit(LocalDate.now(ZoneOffset.UTC).minusDays(30), 12_000, "INSPECTION");

        // the car may send telemetry; marketing is not granted yet
        platform.consent(personId, "telemetry_collection", "granted");
        String session = "boot-" + UUID.randomUUID();
        long[] sequence = { 0 };
        eventually("telemetry is stored", () -> platform.telemetry(VIN, session, ++sequence[0], "Vehicle.Speed", 0.0),
                r -> r.getConsent() == ConsentOutcome.CONSENT_OUTCOME_GRANTED && r.getStoredCount() == 1);

        Alert withoutMarketing = serviceBecomesDue(session, sequence);
        String refused = eventually("loyalty decided on the alert", () -> decision(withoutMarketing), d -> d != null);
        assertEquals("NO_CONSENT:" + personId, refused, "no marketing consent, no offer");
        assertTrue(coupons(personId).isEmpty());

        platform.consent(personId, "marketing", "granted");
        Alert due = serviceBecomesDue(session, sequence);
        String offered = eventually("loyalty decided on the second alert", () -> decision(due), d -> d != null);
        assertEquals("OFFERED:" + personId, offered);
        Coupon coupon = eventually("the owner holds the maintenance coupon", () -> coupons(personId),
                c -> c.size() == 1).get(0);
        assertEquals(CouponState.COUPON_STATE_ISSUED, coupon.getState());

        // at the counter: a 2,600 CNY service bill, 100 CNY off, 2,500 CNY paid = 2,500 points, past SILVER
        RedeemCouponResponse redeemed = platform.loyalty(TestCallers.dealerD001()).redeemCoupon(RedeemCouponRequest
                .newBuilder().setCode(coupon.getCode()).setBillAmount(260_000).setRequestId("counter-" + UUID.randomUUID())
                .build());
        assertEquals(10_000, redeemed.getRedemption().getDiscountAmount());
        serviceVisit(LocalDate.now(ZoneOffset.UTC), 19_600, "MAINTENANCE");

        Account account = eventually("the points of the visit are earned", () -> platform
                .loyalty(TestCallers.service("identity-service"))
                .getAccount(GetAccountRequest.newBuilder().setName("accounts/" + personId).build()),
                a -> a.getBalance() == 2_500);
        assertEquals("SILVER", account.getTier());
        eventually("the owner became loyal", () -> stage(personId), s -> s == LifecycleStage.LIFECYCLE_STAGE_LOYAL);
        assertEquals(1, Databases.count("loyalty", "select count(*) from tier_change where person_id = ?", personId));
    }
}
