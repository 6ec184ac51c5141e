package dev.chezhu.identity.events;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.domain.LifecycleInputs;
import dev.chezhu.loyalty.v1.CouponRedeemed;
import dev.chezhu.loyalty.v1.LeadActivated;
import dev.chezhu.loyalty.v1.TierChanged;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.events.EventHandler;
import dev.chezhu.platform.events.Topics;
import io.smallrye.mutiny.Uni;

/**
 * Consumes loyalty-service's CouponRedeemed, LeadActivated and TierChanged (topic {@code loyalty},
 * subject {@code persons/{id}}): a redemption relates the person to the dealer, an activated lead is
 * marked contacted in store, a tier change feeds the lifecycle (gold and above: loyal). Runs in the
 * consumer's transaction, with the inbox row (platform-events).
 */
@ApplicationScoped
public class LoyaltyEventHandler implements EventHandler {

    private static final String COUPON_REDEEMED = Envelope.typeOf(CouponRedeemed.getDefaultInstance());
    private static final String LEAD_ACTIVATED = Envelope.typeOf(LeadActivated.getDefaultInstance());
    private static final String TIER_CHANGED = Envelope.typeOf(TierChanged.getDefaultInstance());

    private final LifecycleInputs inputs;

    public LoyaltyEventHandler(LifecycleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public String topic() {
        return Topics.LOYALTY;
    }

    @Override
    public boolean handles(String type) {
        return COUPON_REDEEMED.equals(type) || LEAD_ACTIVATED.equals(type) || TIER_CHANGED.equals(type);
    }

    @Override
    public Uni<Void> handle(Envelope event) {
        if (COUPON_REDEEMED.equals(event.type())) {
            CouponRedeemed redeemed = event.payloadAs(CouponRedeemed.parser());
            return inputs.couponRedeemed(redeemed.getPersonId(), redeemed.getDealerId(),
                    key(redeemed.getRedemptionId(), event), time(redeemed.getRedeemTime(), event));
        }
        if (LEAD_ACTIVATED.equals(event.type())) {
            LeadActivated activated = event.payloadAs(LeadActivated.parser());
            return inputs.leadActivated(activated.getPersonId(), key(activated.getRedemptionId(), event),
                    time(activated.getActivateTime(), event));
        }
        TierChanged changed = event.payloadAs(TierChanged.parser());
        return inputs.tierChanged(changed.getPersonId(), changed.getTier(), time(changed.getChangeTime(), event));
    }

    /** The redemption ID keys what the event records; the event ID when a producer left it empty. */
    private static String key(String redemptionId, Envelope event) {
        return redemptionId.isEmpty() ? "event-" + event.eventId() : redemptionId;
    }

    private static Instant time(Timestamp timestamp, Envelope event) {
        return timestamp.getSeconds() == 0 && timestamp.getNanos() == 0 ? event.occurredAt()
                : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
