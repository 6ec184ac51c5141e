package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.Wire.amountCampaign;
import static dev.chezhu.loyalty.grpc.Wire.create;
import static dev.chezhu.loyalty.grpc.Wire.id;
import static dev.chezhu.loyalty.grpc.Wire.newPerson;
import static dev.chezhu.loyalty.grpc.Wire.publish;
import static dev.chezhu.loyalty.grpc.Wire.redeem;
import static dev.chezhu.loyalty.grpc.Wire.refused;
import static dev.chezhu.loyalty.grpc.Wire.violatedFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.OnVertx;
import dev.chezhu.loyalty.domain.CouponClock;
import dev.chezhu.loyalty.identity.TestIdentity;
import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.Audience;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.BudgetEnforcement;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.Coupon;
import dev.chezhu.loyalty.v1.CouponRedeemed;
import dev.chezhu.loyalty.v1.CouponState;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.CreateCampaignResponse;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.loyalty.v1.GetCampaignRequest;
import dev.chezhu.loyalty.v1.GetCouponRequest;
import dev.chezhu.loyalty.v1.LeadActivated;
import dev.chezhu.loyalty.v1.ListCampaignsRequest;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.loyalty.v1.PublishCouponRequest;
import dev.chezhu.loyalty.v1.PublishCouponResponse;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponResponse;
import dev.chezhu.loyalty.v1.RollbackRedemptionRequest;
import dev.chezhu.loyalty.v1.RollbackRedemptionResponse;
import dev.chezhu.loyalty.v1.ValidateCouponRequest;
import dev.chezhu.loyalty.v1.ValidateCouponResponse;
import dev.chezhu.loyalty.v1.VerifyCouponQrRequest;
import dev.chezhu.loyalty.v1.VerifyCouponQrResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Campaigns, publication, the counter (validate, redeem, roll back) and lead activation, over gRPC. */
@QuarkusTest
class CouponsGrpcTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    LedgerSql sql;

    @Inject
    CouponClock couponClock;

    private LoyaltyServiceBlockingStub admin() {
        return loyalty.withCallCredentials(Callers.admin());
    }

    private LoyaltyServiceBlockingStub service() {
        return loyalty.withCallCredentials(Callers.service());
    }

    private LoyaltyServiceBlockingStub d001() {
        return loyalty.withCallCredentials(Callers.dealerD001());
    }

    private LoyaltyServiceBlockingStub d002() {
        return loyalty.withCallCredentials(Callers.dealerD002());
    }

    private String campaign(Campaign.Builder campaign) {
        return admin().createCampaign(create(campaign)).getCampaign().getName();
    }

    private Coupon coupon(String campaign, String person) {
        return service().publishCoupon(publish(campaign, person)).getCoupon();
    }

    @Test
    void aCampaignIsCreatedOnceAndReadByThoseWhoPublishOrRedeemIt() {
        String campaignId = "spring-" + id().substring(0, 8);
        CreateCampaignRequest request = create(amountCampaign(5_000, 10, "D001")).toBuilder()
                .setCampaignId(campaignId).build();
        CreateCampaignResponse created = admin().createCampaign(request);
        assertEquals("campaigns/" + campaignId, created.getCampaign().getName());
        assertEquals(BudgetEnforcement.BUDGET_ENFORCEMENT_ISSUE, created.getCampaign().getBudget().getEnforcement());
        assertEquals("XXXX-XXXX-XXXX-XX", created.getCampaign().getCodePattern());
        assertTrue(admin().createCampaign(request).getReplayed());
        refused(Status.Code.ALREADY_EXISTS, "CAMPAIGN_EXISTS",
                () -> admin().createCampaign(request.toBuilder().setRequestId(id()).build()));
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", () -> d001().createCampaign(create(
                amountCampaign(100, 1))));

        assertEquals(campaignId, d001().getCampaign(GetCampaignRequest.newBuilder().setName("campaigns/" + campaignId)
                .build()).getCampaignId());
        refused(Status.Code.PERMISSION_DENIED, "DEALER_NOT_ALLOWED", () -> d002().getCampaign(
                GetCampaignRequest.newBuilder().setName("campaigns/" + campaignId).build()));
        assertTrue(d001().listCampaigns(ListCampaignsRequest.newBuilder().setPageSize(100).build()).getCampaignsList()
                .stream().anyMatch(c -> c.getCampaignId().equals(campaignId)));
        assertTrue(d002().listCampaigns(ListCampaignsRequest.newBuilder().setPageSize(100).build()).getCampaignsList()
                .stream().noneMatch(c -> c.getCampaignId().equals(campaignId)), "D002 cannot redeem it");

        var bad = refused(Status.Code.INVALID_ARGUMENT, "INVALID_CAMPAIGN", () -> admin().createCampaign(create(
                amountCampaign(-5, 0).setCodePattern("CZ-XXXX"))));
        assertTrue(violatedFields(bad).containsAll(List.of("campaign.discount.amount", "campaign.budget.max_count",
                "campaign.code_pattern")), violatedFields(bad).toString());
    }

    @Test
    void publicationChecksTheAudienceAndThePerPersonLimit() {
        String campaign = campaign(amountCampaign(3_000, 100).setPerPersonLimit(2).setAudience(
                Audience.newBuilder().addLifecycleStages("OWNER").addLifecycleStages("LOYAL").addVehicleModels("ENCORE")));
        String owner = newPerson();
        TestIdentity.profile(owner, "OWNER", Set.of(), Set.of("ENCORE"));
        String lead = newPerson();
        TestIdentity.profile(lead, "LEAD", Set.of(), Set.of("ENCORE"));
        PublishCouponRequest request = publish(campaign, owner);
        PublishCouponResponse published = service().publishCoupon(request);
        Coupon coupon = published.getCoupon();
        assertTrue(coupon.getCode().matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-"
                + "[0-9A-HJKMNP-TV-Z]{2}"), coupon.getCode());
        assertEquals(CouponState.COUPON_STATE_ISSUED, coupon.getState());
        assertEquals(3 * 86_400, coupon.getExpireTime().getSeconds() - coupon.getIssueTime().getSeconds());
        assertTrue(coupon.getQrPayload().startsWith("CZQ1."));
        assertTrue(service().publishCoupon(request).getReplayed());
        assertEquals(coupon.getCode(), service().publishCoupon(request).getCoupon().getCode());

        coupon(campaign, owner);
        refused(Status.Code.FAILED_PRECONDITION, "PER_PERSON_LIMIT_REACHED", () -> coupon(campaign, owner));
        refused(Status.Code.FAILED_PRECONDITION, "NOT_IN_AUDIENCE", () -> coupon(campaign, lead));
        String stranger = newPerson();
        TestIdentity.unknown(stranger);
        refused(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> coupon(campaign, stranger));
        TestIdentity.down(true);
        try {
            refused(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE", () -> coupon(campaign, newPerson()));
        } finally {
            TestIdentity.down(false);
        }
        refused(Status.Code.NOT_FOUND, "CAMPAIGN_NOT_FOUND", () -> coupon("campaigns/no-such-campaign", owner));
        assertEquals(2, admin().getCampaign(GetCampaignRequest.newBuilder().setName(campaign).build()).getUsage()
                .getReservedCount(), "refused publications reserved nothing");
    }

    @Test
    void theCounterValidatesRedeemsOnceAndAnswersARetryTheSame() throws Exception {
        String campaign = campaign(amountCampaign(5_000, 10, "D001", "D003"));
        String person = newPerson();
        Coupon coupon = coupon(campaign, person);

        ValidateCouponResponse valid = d001().validateCoupon(ValidateCouponRequest.newBuilder()
                .setCode(coupon.getCode().toLowerCase()).setBillAmount(3_000).build());
        assertEquals(3_000, valid.getDiscountAmount(), "never more than the bill");
        assertEquals(CouponState.COUPON_STATE_ISSUED, valid.getCoupon().getState());

        RedeemCouponRequest request = redeem(coupon.getCode()).setBillAmount(80_000).build();
        RedeemCouponResponse redeemed = d001().redeemCoupon(request);
        assertFalse(redeemed.getReplayed());
        assertEquals(CouponState.COUPON_STATE_REDEEMED, redeemed.getCoupon().getState());
        assertEquals("D001", redeemed.getRedemption().getDealerId(), "the dealer comes from the token");
        assertEquals(5_000, redeemed.getRedemption().getDiscountAmount());
        RedeemCouponResponse retry = d001().redeemCoupon(request);
        assertTrue(retry.getReplayed());
        assertEquals(redeemed.getRedemption(), retry.getRedemption());
        refused(Status.Code.FAILED_PRECONDITION, "COUPON_ALREADY_REDEEMED", () -> d001().redeemCoupon(
                redeem(coupon.getCode()).build()));
        refused(Status.Code.ALREADY_EXISTS, "REQUEST_ID_REUSED", () -> d001().redeemCoupon(request.toBuilder()
                .setBillAmount(1).build()));
        assertEquals(1, sql.single("select count(*) from coupon_redemption where code = ?", coupon.getCode()));

        CouponRedeemed event = CouponRedeemed.parseFrom(sql.lastEventPayload("CouponRedeemed", person));
        assertEquals("coupons/" + coupon.getCode(), event.getCoupon());
        assertEquals("D001", event.getDealerId());
        assertEquals(0, sql.events("LeadActivated", person), "not a lead");
        assertEquals(CouponState.COUPON_STATE_REDEEMED, service().getCoupon(GetCouponRequest.newBuilder()
                .setName("coupons/" + coupon.getCode()).build()).getState());
    }

    @Test
    void badInputAtTheCounterGetsAClearReasonAndWritesNothing() {
        String campaign = campaign(amountCampaign(5_000, 10, "D001"));
        String person = newPerson();
        Coupon coupon = coupon(campaign, person);
        refused(Status.Code.NOT_FOUND, "COUPON_NOT_FOUND", () -> d001().redeemCoupon(redeem("ZZZZ-ZZZZ-ZZZZ-ZZ").build()));
        refused(Status.Code.PERMISSION_DENIED, "DEALER_NOT_ALLOWED", () -> d002().redeemCoupon(
                redeem(coupon.getCode()).build()));
        refused(Status.Code.PERMISSION_DENIED, "DEALER_NOT_ALLOWED", () -> d002().validateCoupon(
                ValidateCouponRequest.newBuilder().setCode(coupon.getCode()).build()));
        var negative = refused(Status.Code.INVALID_ARGUMENT, "INVALID_REDEMPTION", () -> d001().redeemCoupon(
                redeem(coupon.getCode()).setBillAmount(-1).build()));
        assertEquals(List.of("bill_amount"), violatedFields(negative));
        var empty = refused(Status.Code.INVALID_ARGUMENT, "INVALID_REDEMPTION",
                () -> d001().redeemCoupon(RedeemCouponRequest.getDefaultInstance()));
        assertEquals(List.of("code", "request_id"), violatedFields(empty));
        refused(Status.Code.FAILED_PRECONDITION, "COUPON_NOT_OWNED", () -> d001().redeemCoupon(
                redeem(coupon.getCode()).setAccount("accounts/" + newPerson()).build()));
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", () -> service().redeemCoupon(
                redeem(coupon.getCode()).build()));
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", () -> loyalty.withCallCredentials(Callers.partner())
                .redeemCoupon(redeem(coupon.getCode()).build()));

        sql.update("update coupon set expires_at = now() - interval '1 minute' where code = ?", coupon.getCode());
        refused(Status.Code.FAILED_PRECONDITION, "COUPON_EXPIRED", () -> d001().redeemCoupon(
                redeem(coupon.getCode()).build()));
        assertEquals(0, sql.single("select count(*) from coupon_redemption where code = ?", coupon.getCode()));
        assertEquals(0, sql.events("CouponRedeemed", person));
        assertEquals("ISSUED", sql.text("select state from coupon where code = ?", coupon.getCode()));

        long expired = OnVertx.await(() -> couponClock.expireBatch(Instant.now()));
        assertTrue(expired >= 1);
        assertEquals("EXPIRED", sql.text("select state from coupon where code = ?", coupon.getCode()));
        assertEquals(0, admin().getCampaign(GetCampaignRequest.newBuilder().setName(campaign).build()).getUsage()
                .getReservedCount(), "an expired coupon gives its reservation back");
    }

    @Test
    void aPercentageCouponNeedsTheBillAndIsCapped() {
        String campaign = campaign(amountCampaign(1, 10).setDiscount(Discount.newBuilder()
                .setKind(DiscountKind.DISCOUNT_KIND_PERCENTAGE).setPercent(20).setMaxAmount(10_000))
                .setBudget(Budget.newBuilder().setMaxCount(10).setMaxValue(100_000)));
        Coupon coupon = coupon(campaign, newPerson());
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", () -> d001().redeemCoupon(redeem(coupon.getCode())
                .build()));
        assertEquals(10_000, d001().redeemCoupon(redeem(coupon.getCode()).setBillAmount(90_000).build())
                .getRedemption().getDiscountAmount());
    }

    @Test
    void theRedeemingDealerMayRollBackWithinTheWindowOnce() {
        String campaign = campaign(amountCampaign(5_000, 10));
        Coupon coupon = coupon(campaign, newPerson());
        RedeemCouponResponse redeemed = d001().redeemCoupon(redeem(coupon.getCode()).build());
        String name = redeemed.getRedemption().getName();
        RollbackRedemptionRequest rollback = RollbackRedemptionRequest.newBuilder().setName(name)
                .setReason("CUSTOMER_CANCELLED").setRequestId(id()).build();
        refused(Status.Code.PERMISSION_DENIED, "DEALER_NOT_ALLOWED", () -> d002().rollbackRedemption(rollback));
        RollbackRedemptionResponse undone = d001().rollbackRedemption(rollback);
        assertEquals(CouponState.COUPON_STATE_ISSUED, undone.getCoupon().getState());
        assertTrue(undone.getRedemption().hasRollbackTime());
        assertTrue(d001().rollbackRedemption(rollback).getReplayed());
        refused(Status.Code.FAILED_PRECONDITION, "ALREADY_ROLLED_BACK", () -> d001().rollbackRedemption(
                rollback.toBuilder().setRequestId(id()).build()));

        // redeemable again, at another allowed dealer; that one is too old to roll back
        RedeemCouponResponse again = d002().redeemCoupon(redeem(coupon.getCode()).build());
        sql.update("update coupon_redemption set redeemed_at = now() - interval '31 minutes' where redemption_id = ?::uuid",
                again.getRedemption().getRedemptionId());
        refused(Status.Code.FAILED_PRECONDITION, "ROLLBACK_WINDOW_CLOSED", () -> d002().rollbackRedemption(
                RollbackRedemptionRequest.newBuilder().setName(again.getRedemption().getName()).setReason("LATE")
                        .setRequestId(id()).build()));
        refused(Status.Code.NOT_FOUND, "REDEMPTION_NOT_FOUND", () -> d001().rollbackRedemption(
                rollback.toBuilder().setName("coupons/" + coupon.getCode() + "/redemptions/" + java.util.UUID.randomUUID())
                        .setRequestId(id()).build()));
        assertEquals(1, sql.single("select count(*) from coupon_redemption where code = ? and rolled_back_at is null",
                coupon.getCode()));
    }

    @Test
    void aCouponPublishedToALeadActivatesTheLeadWhenRedeemed() throws Exception {
        String campaign = campaign(amountCampaign(20_000, 10).setAudience(Audience.newBuilder()
                .addLifecycleStages("LEAD")));
        String lead = newPerson();
        TestIdentity.profile(lead, "LEAD", Set.of(), Set.of());
        Coupon coupon = coupon(campaign, lead);
        RedeemCouponResponse redeemed = d001().redeemCoupon(redeem(coupon.getCode()).build());
        assertEquals(1, sql.events("LeadActivated", lead));
        LeadActivated activated = LeadActivated.parseFrom(sql.lastEventPayload("LeadActivated", lead));
        assertEquals(lead, activated.getPersonId());
        assertEquals("D001", activated.getDealerId());
        assertEquals(redeemed.getRedemption().getRedemptionId(), activated.getRedemptionId());
    }

    @Test
    void theQrPayloadIsSignedAndRedeemsLikeTheCode() {
        String campaign = campaign(amountCampaign(1_000, 10));
        Coupon coupon = coupon(campaign, newPerson());
        VerifyCouponQrResponse verified = d001().verifyCouponQr(VerifyCouponQrRequest.newBuilder()
                .setQrPayload(coupon.getQrPayload()).build());
        assertTrue(verified.getValid());
        assertEquals(coupon.getCode(), verified.getCode());
        assertEquals(campaign, verified.getCampaign());
        assertEquals(coupon.getExpireTime().getSeconds(), verified.getExpireTime().getSeconds());
        // one signature character changed well inside it: the last characters of base64url carry padding
        // bits, and "AA" at the end left the signature unchanged about once in 256 runs
        String qr = coupon.getQrPayload();
        int at = qr.length() - 10;
        String tampered = qr.substring(0, at) + (qr.charAt(at) == 'A' ? 'B' : 'A') + qr.substring(at + 1);
        assertFalse(d001().verifyCouponQr(VerifyCouponQrRequest.newBuilder().setQrPayload(tampered).build()).getValid());
        refused(Status.Code.INVALID_ARGUMENT, "QR_INVALID", () -> d001().redeemCoupon(RedeemCouponRequest.newBuilder()
                .setQrPayload(tampered).setRequestId(id()).build()));
        assertEquals(CouponState.COUPON_STATE_REDEEMED, d001().redeemCoupon(RedeemCouponRequest.newBuilder()
                .setQrPayload(coupon.getQrPayload()).setRequestId(id()).build()).getCoupon().getState());
    }

    @Test
    void aPersonsCouponsListNewestFirstAndByState() {
        String campaign = campaign(amountCampaign(1_000, 10).setPerPersonLimit(5));
        String person = newPerson();
        for (int i = 0; i < 5; i++) {
            coupon(campaign, person);
        }
        String first = d001().redeemCoupon(redeem(service().listCoupons(ListCouponsRequest.newBuilder()
                .setParent("accounts/" + person).build()).getCoupons(0).getCode()).build()).getCoupon().getCode();
        var page1 = service().listCoupons(ListCouponsRequest.newBuilder().setParent("accounts/" + person)
                .setPageSize(3).build());
        assertEquals(3, page1.getCouponsCount());
        var page2 = service().listCoupons(ListCouponsRequest.newBuilder().setParent("accounts/" + person)
                .setPageSize(3).setPageToken(page1.getNextPageToken()).build());
        assertEquals(2, page2.getCouponsCount());
        assertEquals("", page2.getNextPageToken());
        var redeemedOnly = service().listCoupons(ListCouponsRequest.newBuilder().setParent("accounts/" + person)
                .setState(CouponState.COUPON_STATE_REDEEMED).build());
        assertEquals(List.of(first), redeemedOnly.getCouponsList().stream().map(Coupon::getCode).toList());
    }
}
