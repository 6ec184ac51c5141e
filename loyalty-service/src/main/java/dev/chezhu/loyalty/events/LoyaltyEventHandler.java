package dev.chezhu.loyalty.events;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.Actor;
import dev.chezhu.loyalty.domain.CreditReason;
import dev.chezhu.loyalty.domain.EarnRule;
import dev.chezhu.loyalty.domain.EarnRules;
import dev.chezhu.loyalty.domain.Points;
import dev.chezhu.loyalty.domain.PointsCommands.Earn;
import dev.chezhu.loyalty.domain.PointsCommands.Reverse;
import dev.chezhu.loyalty.v1.CouponRedeemed;
import dev.chezhu.loyalty.v1.CouponRolledBack;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.events.EventHandler;
import dev.chezhu.platform.events.Topics;
import io.smallrye.mutiny.Uni;

/**
 * Closes the loop of an O2O coupon: what the customer paid at the counter for a redeemed coupon (bill
 * minus discount) earns SERVICE_VISIT points, which may lift the tier (TierChanged, identity's
 * lifecycle input); a rolled-back redemption takes them back. Done from loyalty's own events rather
 * than inside {@code redeem_coupon()}, so that the measured one-statement redemption stays as it is.
 * Idempotent: the request IDs derive from the redemption ID, so a redelivery replays.
 */
@ApplicationScoped
public class LoyaltyEventHandler implements EventHandler {

    private static final String REDEEMED = Envelope.typeOf(CouponRedeemed.getDefaultInstance());
    private static final String ROLLED_BACK = Envelope.typeOf(CouponRolledBack.getDefaultInstance());

    private final Points points;
    private final EarnRule serviceVisit;

    public LoyaltyEventHandler(Points points, EarnRules rules) {
        this.points = points;
        this.serviceVisit = rules.rule(CreditReason.SERVICE_VISIT).orElse(null);
    }

    static String sourceReference(String redemptionId) {
        return "redemptions/" + redemptionId;
    }

    /** The dealer that redeemed is recorded as the actor, so that dealer (and only it) may reverse the points. */
    static Actor actor(String dealerId) {
        return new Actor("loyalty-service", "coupon-redemptions", Optional.of(dealerId));
    }

    @Override
    public String topic() {
        return Topics.LOYALTY;
    }

    @Override
    public boolean handles(String type) {
        return serviceVisit != null && (REDEEMED.equals(type) || ROLLED_BACK.equals(type));
    }

    @Override
    public Uni<Void> handle(Envelope event) {
        if (REDEEMED.equals(event.type())) {
            CouponRedeemed redeemed = event.payloadAs(CouponRedeemed.parser());
            long paid = redeemed.getBillAmount() - redeemed.getDiscountAmount();
            // no bill given, or a coupon that covered (all but the odd fen of) it: no whole yuan was paid
            if (paid < 100) {
                return Uni.createFrom().voidItem();
            }
            return points.earn(new Earn(redeemed.getPersonId(), serviceVisit, paid,
                    sourceReference(redeemed.getRedemptionId()), "redemption:" + redeemed.getRedemptionId()),
                    actor(redeemed.getDealerId())).replaceWithVoid();
        }
        CouponRolledBack rolledBack = event.payloadAs(CouponRolledBack.parser());
        // NOTHING_TO_REVERSE when the earn has not been processed yet (events may come out of order): the
        // failure is retried with backoff, by then the earn is there
        return points.reverse(new Reverse(rolledBack.getPersonId(), sourceReference(rolledBack.getRedemptionId()), null,
                "REDEMPTION_ROLLED_BACK", null, "redemption-rollback:" + rolledBack.getRedemptionId()),
                actor(rolledBack.getDealerId())).replaceWithVoid();
    }
}
