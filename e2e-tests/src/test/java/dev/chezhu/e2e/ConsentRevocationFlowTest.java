package dev.chezhu.e2e;

import static dev.chezhu.e2e.Platform.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.chezhu.loyalty.v1.Audience;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.CreateOfferRuleRequest;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.OfferDecision;
import dev.chezhu.loyalty.v1.OfferOutcome;
import dev.chezhu.loyalty.v1.OfferRule;
import dev.chezhu.loyalty.v1.OfferTrigger;
import dev.chezhu.loyalty.v1.ReportExperienceRequest;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.v1.DayPart;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import dev.chezhu.telematics.v1.AppendTelemetryResponse;
import dev.chezhu.telematics.v1.ConsentOutcome;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Flow 3, consent revoked everywhere at once: an owner who had granted telemetry collection,
 * personalisation and marketing revokes all three at the app (gateway → identity → ConsentChanged).
 * From then on the car's telemetry is acknowledged but not stored (telematics), recommendations are
 * non-personal (recommendation) and a bad experience no longer makes an offer (loyalty).
 */
@QuarkusTest
class ConsentRevocationFlowTest {

    private static final String VIN = TestCallers.OTHER_HEAD_UNIT_VIN;

    @Inject
    Platform platform;

    @AfterEach
    void eraseTestPersons() {
        platform.eraseCreated();
    }

    private static long storedRows() {
        return Databases.count("telematics", "select count(*) from telemetry_datapoint where vin = ?", VIN);
    }

    private RecommendResponse recommend(String personId) {
        return platform.recommendation(TestCallers.partner()).recommend(RecommendRequest.newBuilder()
                .setPerson("persons/" + personId).setContext(ListeningContext.newBuilder().setPlace(Place.PLACE_IN_CAR)
                        .setDayPart(DayPart.DAY_PART_MORNING))
                .setCount(10).build());
    }

    /** The car alone asks (no person named): answered by its owners' consent. */
    private RecommendResponse recommendInTheCar() {
        return platform.recommendation(TestCallers.otherHeadUnit()).recommend(RecommendRequest.newBuilder()
                .setVehicle("vehicles/" + VIN).setContext(ListeningContext.newBuilder().setPlace(Place.PLACE_IN_CAR))
                .setCount(10).build());
    }

    private OfferDecision longWait(String personId) {
        return platform.loyalty(TestCallers.dealerD001()).reportExperience(ReportExperienceRequest.newBuilder()
                .setAccount("accounts/" + personId).setTrigger(OfferTrigger.OFFER_TRIGGER_LONG_WAIT)
                .setSourceReference("visits/V-" + UUID.randomUUID()).setRequestId(UUID.randomUUID().toString())
                .build()).getDecision();
    }

    private int coupons(String personId) {
        return platform.loyalty(TestCallers.service("identity-service")).listCoupons(ListCouponsRequest.newBuilder()
                .setParent("accounts/" + personId).setPageSize(50).build()).getCouponsCount();
    }

    /** A lounge-hour apology for long waits, to anyone, up to five times a month. */
    private void longWaitApology() {
        Instant now = Instant.now();
        Campaign campaign = platform.loyalty(TestCallers.platformAdmin()).createCampaign(CreateCampaignRequest
                .newBuilder().setRequestId(UUID.randomUUID().toString()).setCampaign(Campaign.newBuilder()
                        .setDisplayName("Sorry for the wait: a free lounge hour")
                        .setDiscount(Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_FREE_SERVICE_ITEM)
                                .setServiceItem("LOUNGE_HOUR").setItemValue(8_800))
                        .setStartTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond() - 60))
                        .setEndTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond() + 30 * 86_400))
                        .setCouponValidityDays(7).setPerPersonLimit(10)
                        .setBudget(Budget.newBuilder().setMaxCount(1_000).setMaxValue(8_800_000))
                        .setAudience(Audience.getDefaultInstance()))
                .build()).getCampaign();
        platform.loyalty(TestCallers.platformAdmin()).createOfferRule(CreateOfferRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setOfferRule(OfferRule.newBuilder()
                        .setTrigger(OfferTrigger.OFFER_TRIGGER_LONG_WAIT).setCampaign(campaign.getName())
                        .setPriority(0).setMaxOffers(5).setCapWindowDays(30))
                .build());
    }

    @Test
    void revokingConsentStopsStorageMakesRecommendationsNonPersonalAndStopsOffers() {
        longWaitApology();
        String personId = platform.observe("""
                {"source":"app","identifiers":[{"type":"app_account","value":"owner-%s"}],
                 "vehicles":[{"vin":"%s","role":"owner"}]}""".formatted(Platform.unique(), VIN))[0];
        for (String purpose : new String[] { "telemetry_collection", "personalisation", "marketing" }) {
            platform.consent(personId, purpose, "granted");
        }

        // with consent: the car's telemetry is stored, recommendations are personal, an apology is offered
        String session = "boot-" + UUID.randomUUID();
        long[] sequence = { 0 };
        AppendTelemetryResponse stored = eventually("telemetry is stored",
                () -> platform.telemetry(VIN, session, ++sequence[0], "Vehicle.Speed", 42.0),
                r -> r.getConsent() == ConsentOutcome.CONSENT_OUTCOME_GRANTED);
        assertEquals(1, stored.getStoredCount());
        platform.recommendation(TestCallers.partner()).recordListeningEvent(RecordListeningEventRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setEvent(ListeningEvent.newBuilder()
                        .setPerson("persons/" + personId).setItem("items/mandopop-hits-weekly")
                        .setType(ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED)
                        .setListened(com.google.protobuf.Duration.newBuilder().setSeconds(1_200))
                        .setContext(ListeningContext.newBuilder().setPlace(Place.PLACE_IN_CAR))
                        .setEventTime(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond())))
                .build());
        eventually("recommendations are personal", () -> recommend(personId), RecommendResponse::getPersonalised);
        eventually("the car's recommendations are personal", this::recommendInTheCar, RecommendResponse::getPersonalised);
        OfferDecision before = eventually("a long wait is compensated", () -> longWait(personId),
                d -> d.getOutcome() == OfferOutcome.OFFER_OUTCOME_OFFERED);
        assertTrue(before.hasCoupon());
        assertEquals(1, coupons(personId));

        for (String purpose : new String[] { "telemetry_collection", "personalisation", "marketing" }) {
            platform.consent(personId, purpose, "revoked");
        }

        AppendTelemetryResponse refused = eventually("telemetry is no longer stored",
                () -> platform.telemetry(VIN, session, ++sequence[0], "Vehicle.Speed", 43.0),
                r -> r.getConsent() == ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED);
        assertEquals(0, refused.getStoredCount(), "acknowledged but not stored");
        long afterRevoke = storedRows();
        assertEquals(ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED,
                platform.telemetry(VIN, session, ++sequence[0], "Vehicle.Speed", 44.0).getConsent());
        assertEquals(afterRevoke, storedRows(), "nothing stored after the revocation took effect");

        RecommendResponse nonPersonal = eventually("recommendations are no longer personal", () -> recommend(personId),
                r -> !r.getPersonalised());
        assertFalse(nonPersonal.getRecommendationsList().isEmpty(), "still something to play: popular, editorial");
        eventually("the car's recommendations are no longer personal", this::recommendInTheCar, r -> !r.getPersonalised());

        OfferDecision after = eventually("no new offer without marketing consent", () -> longWait(personId),
                d -> d.getOutcome() != OfferOutcome.OFFER_OUTCOME_OFFERED);
        assertEquals(OfferOutcome.OFFER_OUTCOME_NO_CONSENT, after.getOutcome());
        assertFalse(after.hasCoupon());
        assertEquals(1, coupons(personId), "no coupon since the revocation");
    }
}
