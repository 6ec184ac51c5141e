package dev.chezhu.loyalty.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.CouponModel.Coupon;
import dev.chezhu.loyalty.domain.CouponModel.Redemption;
import dev.chezhu.loyalty.persistence.CampaignStore;
import dev.chezhu.loyalty.persistence.CouponReads;
import dev.chezhu.loyalty.persistence.CouponReads.Outcome;
import dev.chezhu.loyalty.persistence.CouponReads.OutboxEvent;
import dev.chezhu.loyalty.persistence.CouponStore;
import dev.chezhu.loyalty.v1.CouponRedeemed;
import dev.chezhu.loyalty.v1.CouponRolledBack;
import dev.chezhu.loyalty.v1.LeadActivated;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Redemption at the counter. The dealer comes from the caller's token, never from the request.
 * Exactly once: the coupon's conditional update (ISSUED → REDEEMED) and a unique index on the
 * redemption in force guard it in the database, whatever number of counters submit the same code.
 * A counter retrying with the same request_id gets the same answer.
 */
@ApplicationScoped
public class Redemptions {

    private final CouponReads reads;
    private final CouponStore coupons;
    private final CampaignStore campaigns;
    private final Coupons couponService;
    private final Requests requests;
    private final LoyaltyEvents events;
    private final Duration rollbackWindow;
    private final Clock clock;

    public Redemptions(CouponReads reads, CouponStore coupons, CampaignStore campaigns, Coupons couponService,
            Requests requests, LoyaltyEvents events, LoyaltyPolicies policies, Clock clock) {
        this.reads = reads;
        this.coupons = coupons;
        this.campaigns = campaigns;
        this.couponService = couponService;
        this.requests = requests;
        this.events = events;
        this.rollbackWindow = policies.rollbackWindow();
        this.clock = clock;
    }

    /** What the counter sent. */
    public record CounterRequest(String code, String qrPayload, long billAmount, String account, String requestId) {
    }

    public record Validation(Coupon coupon, long discount) {
    }

    public record Redeemed(Coupon coupon, Redemption redemption, boolean replayed) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static String dealer(Caller caller) {
        return caller.dealerId().filter(d -> !d.isBlank()).orElseThrow(() -> ServiceException.permissionDenied(
                "DEALER_ID_MISSING", "a dealer token must carry the dealer_id claim"));
    }

    /** The code a counter request names (typed, or from a verified QR payload) and the presenting person. */
    private record Parsed(String code, Optional<String> campaignId, Optional<String> presentedBy) {
    }

    private Parsed parse(CounterRequest request, boolean needsRequestId) {
        Violations v = new Violations();
        boolean byCode = request.code() != null && !request.code().isEmpty();
        boolean byQr = request.qrPayload() != null && !request.qrPayload().isEmpty();
        Optional<String> code = Optional.empty();
        Optional<String> campaignId = Optional.empty();
        QrSigner.Verification verification = null;
        if (byCode == byQr) {
            v.add("code", "exactly one of code and qr_payload is required");
        } else if (byCode) {
            code = Names.code(request.code());
            v.require(code.isPresent(), "code", "8-64 characters of [A-Z0-9-]");
        } else {
            verification = couponService.verify(request.qrPayload());
            if (verification.content().isPresent()) {
                code = Optional.of(verification.content().get().code());
                campaignId = Optional.of(verification.content().get().campaignId());
            }
        }
        v.require(request.billAmount() >= 0 && request.billAmount() <= PointsValidator.MAX_SPEND, "bill_amount",
                "0 (not given) to " + PointsValidator.MAX_SPEND + " fen");
        boolean byAccount = request.account() != null && !request.account().isEmpty();
        Optional<String> presentedBy = byAccount ? AccountName.personId(request.account()) : Optional.empty();
        v.require(!byAccount || presentedBy.isPresent(), "account", AccountName.DESCRIPTION);
        if (needsRequestId) {
            v.require(PointsValidator.requestId(request.requestId()), "request_id", PointsValidator.REQUEST_DESCRIPTION);
        }
        v.throwIfAny("INVALID_REDEMPTION");
        if (verification != null && verification.content().isEmpty()) {
            throw ServiceException.invalidArgument("QR_INVALID", List.of(new dev.chezhu.platform.error.FieldViolation(
                    "qr_payload", "not a valid coupon QR payload: " + verification.problem())));
        }
        return new Parsed(code.get(), campaignId, presentedBy);
    }

    private Uni<Coupon> load(Parsed parsed) {
        return reads.find(parsed.code()).map(found -> {
            Coupon coupon = found.orElseThrow(() -> ServiceException.notFound("COUPON_NOT_FOUND",
                    Names.coupon(parsed.code())));
            if (parsed.campaignId().isPresent() && !parsed.campaignId().get().equals(coupon.terms().campaignId())) {
                throw ServiceException.invalidArgument("QR_INVALID", List.of(new dev.chezhu.platform.error
                        .FieldViolation("qr_payload", "the payload's campaign is not the coupon's")));
            }
            return coupon;
        });
    }

    /** Could the calling dealer redeem this coupon now? Writes nothing. */
    @WithSpan("Redemptions.validate")
    public Uni<Validation> validate(CounterRequest request, Caller caller) {
        String dealer = dealer(caller);
        Parsed parsed = parse(request, false);
        Instant now = now();
        return load(parsed).map(coupon -> {
            RedemptionRules.check(coupon, dealer, parsed.presentedBy(), now);
            return new Validation(coupon, RedemptionRules.discount(coupon, request.billAmount()));
        });
    }

    @WithSpan("Redemptions.redeem")
    public Uni<Redeemed> redeem(CounterRequest request, Caller caller) {
        String dealer = dealer(caller);
        Parsed parsed = parse(request, true);
        Instant now = now();
        Span.current().setAttribute("loyalty.dealer_id", dealer);
        return load(parsed).flatMap(coupon -> {
            Redemption inForce = coupon.redemption();
            if (inForce != null && inForce.requestId().equals(request.requestId())) {
                return Uni.createFrom().item(replay(coupon, inForce, dealer, request));
            }
            RedemptionRules.check(coupon, dealer, parsed.presentedBy(), now);
            long discount = RedemptionRules.discount(coupon, request.billAmount());
            Redemption redemption = new Redemption(Ids.next(), coupon.code(), dealer, request.requestId(),
                    request.billAmount(), discount, now, null);
            Actor actor = Actor.of(caller);
            return reads.redeem(coupon.code(), redemption.redemptionId(), request.requestId(), dealer,
                    request.billAmount(), discount, now, actor.clientId(), actor.subject(),
                    coupon.terms().enforcement() == CampaignModel.BudgetEnforcement.REDEMPTION,
                    redeemedEvents(coupon, redemption), traceparent())
                    .flatMap(outcome -> answer(outcome, coupon, redemption, parsed, request, dealer, now));
        });
    }

    private Uni<Redeemed> answer(Outcome outcome, Coupon coupon, Redemption redemption, Parsed parsed,
            CounterRequest request, String dealer, Instant now) {
        return switch (outcome) {
            case REDEEMED -> Uni.createFrom().item(new Redeemed(coupon.redeemed(redemption), redemption, false));
            case BUDGET_EXHAUSTED -> Uni.createFrom().failure(CouponIssuer.budgetExhausted(coupon.terms().campaignId()));
            case REPLAYED -> load(parsed).map(now2 -> replay(now2, now2.redemption(), dealer, request));
            case NOT_REDEEMABLE -> load(parsed).map(current -> {
                // someone else won the race (or it expired meanwhile): say which, as a first attempt would
                RedemptionRules.check(current, dealer, parsed.presentedBy(), now);
                throw ServiceException.aborted("CONCURRENT_CHANGE", "the coupon changed meanwhile; retry");
            });
            case REQUEST_ID_TAKEN -> reads.redemptionByRequest(request.requestId()).flatMap(first -> {
                Redemption earlier = first.orElseThrow(() -> Requests.reused(request.requestId()));
                if (!earlier.code().equals(coupon.code())) {
                    throw Requests.reused(request.requestId());
                }
                return load(parsed).map(current -> replay(current, earlier, dealer, request));
            });
        };
    }

    /** The answer to a resend of a redemption: the first one, if it is the same request from the same dealer. */
    private static Redeemed replay(Coupon coupon, Redemption first, String dealer, CounterRequest request) {
        if (!first.dealerId().equals(dealer) || first.billAmount() != request.billAmount()) {
            throw Requests.reused(request.requestId());
        }
        return new Redeemed(coupon, first, true);
    }

    private static List<OutboxEvent> redeemedEvents(Coupon coupon, Redemption redemption) {
        List<OutboxEvent> events = new ArrayList<>(2);
        CouponRedeemed redeemed = CouponRedeemed.newBuilder()
                .setCoupon(Names.coupon(coupon.code()))
                .setCampaign(Names.campaign(coupon.terms().campaignId()))
                .setPersonId(coupon.personId())
                .setDealerId(redemption.dealerId())
                .setRedemptionId(redemption.redemptionId().toString())
                .setBillAmount(redemption.billAmount())
                .setDiscountAmount(redemption.discountAmount())
                .setRedeemTime(ProtoTime.of(redemption.redeemedAt()))
                .build();
        events.add(new OutboxEvent(Ids.next(), redeemed.getDescriptorForType().getFullName(),
                "persons/" + coupon.personId(), redeemed.toByteArray()));
        if (coupon.toLead()) {
            LeadActivated lead = LeadActivated.newBuilder()
                    .setPersonId(coupon.originPersonId())
                    .setCoupon(Names.coupon(coupon.code()))
                    .setCampaign(Names.campaign(coupon.terms().campaignId()))
                    .setDealerId(redemption.dealerId())
                    .setRedemptionId(redemption.redemptionId().toString())
                    .setActivateTime(ProtoTime.of(redemption.redeemedAt()))
                    .build();
            events.add(new OutboxEvent(Ids.next(), lead.getDescriptorForType().getFullName(),
                    "persons/" + coupon.originPersonId(), lead.toByteArray()));
        }
        return events;
    }

    /** The W3C traceparent of the current span, so that consumers of the events continue the trace. */
    static String traceparent() {
        var context = Span.current().getSpanContext();
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** Undoes a redemption: only the dealer that redeemed it, within the rollback window. */
    @WithSpan("Redemptions.rollback")
    @WithTransaction
    public Uni<Redeemed> rollback(String name, String reason, String requestId, Caller caller) {
        String dealer = dealer(caller);
        Violations v = new Violations();
        Optional<Names.RedemptionRef> ref = Names.redemptionRef(name);
        v.require(ref.isPresent(), "name", "must be coupons/{code}/redemptions/{redemption_id}");
        v.require(reason != null && PointsValidator.REASON_CODE.matcher(reason).matches(), "reason",
                "required: an UPPER_SNAKE code, e.g. CUSTOMER_CANCELLED");
        v.require(PointsValidator.requestId(requestId), "request_id", PointsValidator.REQUEST_DESCRIPTION);
        v.throwIfAny("INVALID_ROLLBACK");
        Instant now = now();
        Actor actor = Actor.of(caller);
        String fingerprint = Fingerprint.of("RollbackRedemption", name, reason, dealer);
        return requests.claim(requestId, "RollbackRedemption", fingerprint, actor, now).flatMap(replay -> {
            if (replay.isPresent()) {
                return reads.find(ref.get().code()).flatMap(coupon -> coupons.lockRedemption(ref.get().redemptionId())
                        .map(r -> new Redeemed(coupon.orElseThrow(), r.orElseThrow(), true)));
            }
            return coupons.lockRedemption(ref.get().redemptionId()).flatMap(found -> {
                Redemption redemption = found.filter(r -> r.code().equals(ref.get().code())).orElseThrow(
                        () -> ServiceException.notFound("REDEMPTION_NOT_FOUND", name));
                if (!redemption.dealerId().equals(dealer)) {
                    throw ServiceException.permissionDenied("DEALER_NOT_ALLOWED",
                            "only the dealer that redeemed the coupon may roll the redemption back");
                }
                if (redemption.rolledBackAt() != null) {
                    throw ServiceException.failedPrecondition("ALREADY_ROLLED_BACK", name + " was rolled back at "
                            + redemption.rolledBackAt());
                }
                if (now.isAfter(redemption.redeemedAt().plus(rollbackWindow))) {
                    throw ServiceException.failedPrecondition("ROLLBACK_WINDOW_CLOSED", "a redemption can be rolled "
                            + "back within " + rollbackWindow.toMinutes() + " minutes; this one was at "
                            + redemption.redeemedAt());
                }
                return reads.find(redemption.code()).flatMap(current -> {
                    Coupon coupon = current.orElseThrow();
                    Redemption rolledBack = new Redemption(redemption.redemptionId(), redemption.code(),
                            redemption.dealerId(), redemption.requestId(), redemption.billAmount(),
                            redemption.discountAmount(), redemption.redeemedAt(), now);
                    return coupons.rollback(redemption.redemptionId(), redemption.code(), reason, requestId, now)
                            .flatMap(done -> coupon.terms().enforcement() == CampaignModel.BudgetEnforcement.REDEMPTION
                                    ? campaigns.unconsume(coupon.terms().campaignId(), redemption.discountAmount())
                                    : Uni.createFrom().voidItem())
                            .flatMap(v2 -> events.publish(coupon.personId(), CouponRolledBack.newBuilder()
                                    .setCoupon(Names.coupon(coupon.code()))
                                    .setCampaign(Names.campaign(coupon.terms().campaignId()))
                                    .setPersonId(coupon.personId())
                                    .setDealerId(dealer)
                                    .setRedemptionId(redemption.redemptionId().toString())
                                    .setReason(reason)
                                    .setRollbackTime(ProtoTime.of(now))
                                    .build()))
                            .flatMap(v3 -> requests.complete(requestId, "redemption:" + redemption.redemptionId()))
                            .map(v4 -> new Redeemed(coupon.reissued(), rolledBack, false));
                });
            });
        });
    }
}
