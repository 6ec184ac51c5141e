package dev.chezhu.loyalty.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.CouponModel.Coupon;
import dev.chezhu.loyalty.persistence.CouponReads;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.smallrye.mutiny.Uni;

/** Publishing coupons to persons, and reading them (a head unit: only its owner's). */
@ApplicationScoped
public class Coupons {

    private final CouponIssuer issuer;
    private final CouponReads reads;
    private final Viewer viewer;
    private final QrSigner qr;
    private final Clock clock;

    public Coupons(CouponIssuer issuer, CouponReads reads, Viewer viewer, QrSigner qr, Clock clock) {
        this.issuer = issuer;
        this.reads = reads;
        this.viewer = viewer;
        this.qr = qr;
        this.clock = clock;
    }

    /** A published coupon, with replayed = true when this answers a resend. */
    public record Published(Coupon coupon, boolean replayed) {
    }

    /** A page of coupons. */
    public record CouponPage(List<Coupon> coupons, String nextPageToken) {
    }

    /**
     * Validates, asks identity for the person's profile (audience, lead), then publishes in one
     * transaction. Nothing is written when any check fails.
     */
    public Uni<Published> publish(String campaign, String account, String requestId, Caller caller) {
        Violations v = new Violations();
        var campaignId = Names.id(campaign, Names.CAMPAIGNS);
        var personId = AccountName.personId(account);
        v.require(campaignId.isPresent(), "campaign", "must be campaigns/{campaign_id}");
        v.require(personId.isPresent(), "account", AccountName.DESCRIPTION);
        v.require(PointsValidator.requestId(requestId), "request_id", PointsValidator.REQUEST_DESCRIPTION);
        if (!v.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalidArgument("INVALID_PUBLICATION", v.list()));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return viewer.profile(personId.get()).flatMap(profile -> issuer.publish(campaignId.get(), personId.get(),
                profile, requestId, Actor.of(caller), now));
    }

    public Uni<Coupon> get(String name, Caller caller) {
        if (caller.isHeadUnit()) {
            return viewer.person(caller, "", "name", "").flatMap(owner -> find(name).map(coupon -> {
                if (!coupon.personId().equals(owner) && !coupon.originPersonId().equals(owner)) {
                    throw ServiceException.permissionDenied("NOT_VEHICLE_OWNER",
                            "a head unit may only read its own vehicle's owner's coupons");
                }
                return coupon;
            }));
        }
        ReadAccess.check(caller);
        return find(name);
    }

    private Uni<Coupon> find(String name) {
        String code = Names.code(name).orElseThrow(() -> ServiceException.invalidField("name",
                "must be coupons/{code}"));
        return reads.find(code).map(found -> found.orElseThrow(() -> ServiceException.notFound("COUPON_NOT_FOUND",
                Names.coupon(code))));
    }

    public Uni<CouponPage> list(String parent, String vehicle, CouponModel.State state, int pageSize, String pageToken,
            Caller caller) {
        return viewer.person(caller, parent, "parent", vehicle).flatMap(person -> {
            int size = PageToken.size(pageSize);
            String position = PageToken.decode("coupons", pageToken);
            Instant afterIssued = null;
            String afterCode = null;
            if (position != null) {
                String[] parts = position.split(" ", 2);
                try {
                    afterIssued = Instant.parse(parts[0]);
                    afterCode = parts[1];
                } catch (RuntimeException e) {
                    throw ServiceException.invalidField("page_token", "not a page token of this list");
                }
            }
            Instant issued = afterIssued;
            String code = afterCode;
            return holderOf(person).flatMap(holder -> reads.page(holder, state, issued, code, size + 1)).map(rows -> {
                List<Coupon> page = rows.size() > size ? rows.subList(0, size) : rows;
                String next = rows.size() > size ? PageToken.encode("coupons",
                        page.get(page.size() - 1).issuedAt() + " " + page.get(page.size() - 1).code()) : "";
                return new CouponPage(page, next);
            });
        });
    }

    private Uni<String> holderOf(String person) {
        return issuer.holderOf(person);
    }

    /** The signed QR payload of a coupon. */
    public String qrPayload(Coupon coupon) {
        return qr.sign(coupon.code(), coupon.terms().campaignId(), coupon.expiresAt());
    }

    public QrSigner.Verification verify(String payload) {
        return qr.verify(payload);
    }
}
