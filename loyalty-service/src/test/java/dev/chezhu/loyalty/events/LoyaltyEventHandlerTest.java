package dev.chezhu.loyalty.events;

import static dev.chezhu.loyalty.grpc.Wire.amountCampaign;
import static dev.chezhu.loyalty.grpc.Wire.create;
import static dev.chezhu.loyalty.grpc.Wire.id;
import static dev.chezhu.loyalty.grpc.Wire.newPerson;
import static dev.chezhu.loyalty.grpc.Wire.publish;
import static dev.chezhu.loyalty.grpc.Wire.redeem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Message;

import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.OnVertx;
import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.Coupon;
import dev.chezhu.loyalty.v1.CouponRedeemed;
import dev.chezhu.loyalty.v1.CouponRolledBack;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.loyalty.v1.RedeemCouponResponse;
import dev.chezhu.loyalty.v1.RollbackRedemptionRequest;
import dev.chezhu.loyalty.v1.TierChanged;
import dev.chezhu.platform.events.Envelope;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A redeemed coupon earns what the customer paid as SERVICE_VISIT points (once, however often the
 * event comes), which lifts the tier; a rollback takes them back. The events are those the
 * redemption wrote to the outbox, delivered as the consumer would.
 */
@QuarkusTest
class LoyaltyEventHandlerTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    LoyaltyEventHandler handler;

    @Inject
    LedgerSql sql;

    private void deliver(String personId, Message event) {
        Envelope envelope = new Envelope(UUID.randomUUID(), Envelope.typeOf(event), "loyalty-service",
                "persons/" + personId, Instant.now(), null, event.toByteString());
        OnVertx.await(() -> Panache.withTransaction(() -> handler.handle(envelope)));
    }

    private Account account(String person) {
        return loyalty.withCallCredentials(Callers.service()).getAccount(GetAccountRequest.newBuilder()
                .setName("accounts/" + person).build());
    }

    @Test
    void whatWasPaidForARedeemedCouponEarnsPointsOnceLiftsTheTierAndARollbackTakesThemBack() throws Exception {
        String campaign = loyalty.withCallCredentials(Callers.admin())
                .createCampaign(create(amountCampaign(10_000, 10, "D001"))).getCampaign().getName();
        String person = newPerson();
        Coupon coupon = loyalty.withCallCredentials(Callers.service()).publishCoupon(publish(campaign, person))
                .getCoupon();
        // a 2,600.00 CNY bill, 100.00 off: 2,500 CNY paid, 2,500 points, past SILVER (2,000)
        RedeemCouponResponse redeemed = loyalty.withCallCredentials(Callers.dealerD001())
                .redeemCoupon(redeem(coupon.getCode()).setBillAmount(260_000).build());
        CouponRedeemed event = CouponRedeemed.parseFrom(sql.lastEventPayload("CouponRedeemed", person));
        assertEquals(redeemed.getRedemption().getRedemptionId(), event.getRedemptionId());
        assertEquals(0, account(person).getBalance(), "the redemption itself earns nothing until its event is handled");

        deliver(person, event);
        deliver(person, event);
        Account after = account(person);
        assertEquals(2_500, after.getBalance(), "earned once, though delivered twice");
        assertEquals("SILVER", after.getTier());
        TierChanged tier = TierChanged.parseFrom(sql.lastEventPayload("TierChanged", person));
        assertEquals("SILVER", tier.getTier());
        assertTrue(tier.getUpgrade());
        assertEquals(1, sql.single("select count(*) from ledger_entry where person_id = ? and source_reference = ?",
                person, "redemptions/" + event.getRedemptionId()));

        loyalty.withCallCredentials(Callers.dealerD001()).rollbackRedemption(RollbackRedemptionRequest.newBuilder()
                .setName("coupons/" + coupon.getCode() + "/redemptions/" + event.getRedemptionId())
                .setReason("CUSTOMER_CANCELLED").setRequestId(id()).build());
        CouponRolledBack rolledBack = CouponRolledBack.parseFrom(sql.lastEventPayload("CouponRolledBack", person));
        deliver(person, rolledBack);
        deliver(person, rolledBack);
        assertEquals(0, account(person).getBalance(), "taken back once");
        assertEquals(sql.ledgerSum(person), account(person).getBalance());
    }

    @Test
    void aCouponThatCoveredTheWholeBillEarnsNothing() throws Exception {
        String campaign = loyalty.withCallCredentials(Callers.admin())
                .createCampaign(create(amountCampaign(10_000, 10, "D001"))).getCampaign().getName();
        String person = newPerson();
        Coupon coupon = loyalty.withCallCredentials(Callers.service()).publishCoupon(publish(campaign, person))
                .getCoupon();
        loyalty.withCallCredentials(Callers.dealerD001()).redeemCoupon(redeem(coupon.getCode()).setBillAmount(8_000)
                .build());
        deliver(person, CouponRedeemed.parseFrom(sql.lastEventPayload("CouponRedeemed", person)));
        assertEquals(0, account(person).getBalance());
        assertEquals(0, sql.single("select count(*) from ledger_entry where person_id = ?", person));
    }
}
