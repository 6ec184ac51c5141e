package dev.chezhu.gateway.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.api.CouponViews.CampaignView;
import dev.chezhu.gateway.api.CouponViews.CampaignsView;
import dev.chezhu.gateway.api.CouponViews.CounterInput;
import dev.chezhu.gateway.api.CouponViews.CouponView;
import dev.chezhu.gateway.api.CouponViews.CouponsView;
import dev.chezhu.gateway.api.CouponViews.PublishInput;
import dev.chezhu.gateway.api.CouponViews.PublishedView;
import dev.chezhu.gateway.api.CouponViews.QrInput;
import dev.chezhu.gateway.api.CouponViews.QrVerificationView;
import dev.chezhu.gateway.api.CouponViews.RedeemedView;
import dev.chezhu.gateway.api.CouponViews.RedemptionView;
import dev.chezhu.gateway.api.CouponViews.RollbackInput;
import dev.chezhu.gateway.api.CouponViews.ValidationView;
import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.idempotency.IdempotentRequests;
import dev.chezhu.gateway.security.DataGuards;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.loyalty.v1.CouponState;
import dev.chezhu.loyalty.v1.GetCampaignRequest;
import dev.chezhu.loyalty.v1.GetCouponRequest;
import dev.chezhu.loyalty.v1.ListCampaignsRequest;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.PublishCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.loyalty.v1.RollbackRedemptionRequest;
import dev.chezhu.loyalty.v1.ValidateCouponRequest;
import dev.chezhu.loyalty.v1.VerifyCouponQrRequest;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "coupons", description = "Campaigns and e-vouchers: published online, validated and redeemed at the dealer exactly once")
public class CouponsResource {

    private final Backends backends;
    private final PartnerAccess access;
    private final DataGuards guards;
    private final IdempotentRequests idempotency;

    public CouponsResource(Backends backends, PartnerAccess access, DataGuards guards, IdempotentRequests idempotency) {
        this.backends = backends;
        this.access = access;
        this.guards = guards;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/campaigns/{campaignId}/coupons")
    @RolesAllowed({ Roles.PARTNER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Publish a coupon of a campaign to a person (a new code), within budget and per-person limit",
            description = "Needs an Idempotency-Key: a retry publishes once.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PublishedView.class)))
    public Uni<Response> publish(@PathParam("campaignId") @Parameter(example = "winter-check") String campaignId,
            @HeaderParam("Idempotency-Key") String idempotencyKey, PublishInput input) {
        access.requireScope("coupons:publish");
        IdempotentRequests.requireKey(idempotencyKey);
        PublishInput body = input == null ? new PublishInput(null) : input;
        Checks.of().id(campaignId, "campaignId").id(body.personId(), "personId").orRefuse();
        PublishCouponRequest request = PublishCouponRequest.newBuilder()
                .setCampaign("campaigns/" + campaignId).setAccount("accounts/" + body.personId())
                .setRequestId(IdempotentRequests.requestId(access.caller(), idempotencyKey)).build();
        return idempotency.execute(access.caller(), "publish-coupon:" + campaignId, idempotencyKey, body,
                () -> backends.loyalty().publishCoupon(request)
                        .map(r -> new PublishedView(CouponView.from(r.getCoupon()), r.getReplayed())));
    }

    @GET
    @Path("/coupons/{code}")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "One coupon; a dealer sees only coupons redeemable at its dealer")
    public Uni<CouponView> get(@PathParam("code") @Parameter(example = "CZ-7K3M-Q9TX-2WFD") String code) {
        access.requireScope("loyalty:read");
        Checks.of().id(code, "code").orRefuse();
        return backends.loyalty().getCoupon(GetCouponRequest.newBuilder().setName("coupons/" + code).build())
                .invoke(coupon -> access.boundDealer().ifPresent(dealer -> {
                    if (!coupon.getDealerIdsList().isEmpty() && !coupon.getDealerIdsList().contains(dealer)) {
                        throw PartnerAccess.wrongDealer();
                    }
                }))
                .map(CouponView::from);
    }

    @GET
    @Path("/persons/{personId}/coupons")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A person's coupons, newest first (paged)")
    public Uni<CouponsView> list(@PathParam("personId") String personId,
            @QueryParam("state") @Parameter(description = "issued, redeemed, expired, voided; empty = all") String state,
            @QueryParam("pageSize") @Parameter(description = "1-100, default 20") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        access.requireScope("loyalty:read");
        Checks.of().id(personId, "personId").pageSize(pageSize, 100).pageToken(pageToken)
                .require(state == null || state.isBlank()
                        || Json.wireEnum(CouponState.class, "COUPON_STATE_", state) != CouponState.COUPON_STATE_UNSPECIFIED,
                        "state", "must be one of issued, redeemed, expired, voided")
                .orRefuse();
        return guards.personVisible(personId).chain(() -> backends.loyalty().listCoupons(ListCouponsRequest.newBuilder()
                .setParent("accounts/" + personId)
                .setState(Json.wireEnum(CouponState.class, "COUPON_STATE_", state))
                .setPageSize(Checks.pageSize(pageSize)).setPageToken(Checks.text(pageToken)).build()))
                .map(r -> new CouponsView(r.getCouponsList().stream().map(CouponView::from).toList(), r.getNextPageToken()));
    }

    private static void counterChecks(CounterInput body) {
        boolean hasCode = body.code() != null && !body.code().isBlank();
        boolean hasQr = body.qrPayload() != null && !body.qrPayload().isBlank();
        Checks.of().require(hasCode != hasQr, "code", "give exactly one of code and qrPayload")
                .require(body.billAmount() >= 0, "billAmount", "must not be negative")
                .require(body.personId() == null || body.personId().isBlank() || Checks.of().id(body.personId(), "personId")
                        .isValid(), "personId", "must be a person ID")
                .orRefuse();
    }

    private static String account(String personId) {
        return personId == null || personId.isBlank() ? "" : "accounts/" + personId.trim();
    }

    @POST
    @Path("/coupon-validations")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER })
    @Operation(summary = "Check at the counter that a coupon could be redeemed now at the caller's dealer; changes nothing")
    public Uni<ValidationView> validate(CounterInput input) {
        access.requireScope("coupons:redeem");
        access.requireDealer();
        CounterInput body = input == null ? new CounterInput(null, null, 0, null, null) : input;
        access.requireOwnDealer(body.dealerId());
        counterChecks(body);
        return backends.loyalty().validateCoupon(ValidateCouponRequest.newBuilder()
                .setCode(Checks.text(body.code())).setQrPayload(Checks.text(body.qrPayload()))
                .setBillAmount(body.billAmount()).setAccount(account(body.personId())).build())
                .map(r -> new ValidationView(CouponView.from(r.getCoupon()), r.getDiscountAmount()));
    }

    @POST
    @Path("/coupon-redemptions")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER })
    @Operation(summary = "Redeem a coupon at the caller's dealer, exactly once",
            description = "Dealer staff or a dealer system only, for its own dealer. Needs an Idempotency-Key: a counter "
                    + "retrying gets the first answer and the coupon is redeemed once.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RedeemedView.class)))
    public Uni<Response> redeem(@HeaderParam("Idempotency-Key") String idempotencyKey, CounterInput input) {
        access.requireScope("coupons:redeem");
        access.requireDealer();
        CounterInput body = input == null ? new CounterInput(null, null, 0, null, null) : input;
        access.requireOwnDealer(body.dealerId());
        IdempotentRequests.requireKey(idempotencyKey);
        counterChecks(body);
        RedeemCouponRequest request = RedeemCouponRequest.newBuilder()
                .setCode(Checks.text(body.code())).setQrPayload(Checks.text(body.qrPayload()))
                .setBillAmount(body.billAmount()).setAccount(account(body.personId()))
                .setRequestId(IdempotentRequests.requestId(access.caller(), idempotencyKey)).build();
        return idempotency.execute(access.caller(), "redeem-coupon", idempotencyKey, body,
                () -> backends.loyalty().redeemCoupon(request).map(r -> new RedeemedView(CouponView.from(r.getCoupon()),
                        RedemptionView.from(r.getRedemption()), r.getReplayed())));
    }

    @POST
    @Path("/coupons/{code}/redemptions/{redemptionId}/rollbacks")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER })
    @Operation(summary = "Undo a redemption: only the dealer that redeemed it, within the rollback window",
            description = "Needs an Idempotency-Key.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RedeemedView.class)))
    public Uni<Response> rollback(@PathParam("code") String code, @PathParam("redemptionId") String redemptionId,
            @HeaderParam("Idempotency-Key") String idempotencyKey, RollbackInput input) {
        access.requireScope("coupons:redeem");
        access.requireDealer();
        IdempotentRequests.requireKey(idempotencyKey);
        RollbackInput body = input == null ? new RollbackInput(null) : input;
        Checks.of().id(code, "code").id(redemptionId, "redemptionId").present(body.reason(), "reason").orRefuse();
        RollbackRedemptionRequest request = RollbackRedemptionRequest.newBuilder()
                .setName("coupons/" + code + "/redemptions/" + redemptionId).setReason(body.reason().trim())
                .setRequestId(IdempotentRequests.requestId(access.caller(), idempotencyKey)).build();
        return idempotency.execute(access.caller(), "rollback-redemption:" + code + "/" + redemptionId, idempotencyKey,
                body, () -> backends.loyalty().rollbackRedemption(request).map(r -> new RedeemedView(
                        CouponView.from(r.getCoupon()), RedemptionView.from(r.getRedemption()), r.getReplayed())));
    }

    @POST
    @Path("/coupon-qr-verifications")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Verify the signature of a coupon's QR payload; changes nothing")
    public Uni<QrVerificationView> verifyQr(QrInput input) {
        access.requireScope("coupons:redeem");
        Checks.of().present(input == null ? null : input.qrPayload(), "qrPayload").orRefuse();
        return backends.loyalty().verifyCouponQr(VerifyCouponQrRequest.newBuilder().setQrPayload(input.qrPayload().trim())
                .build())
                .map(r -> new QrVerificationView(r.getValid(), r.getCode(), r.getCampaign(), Json.instant(r.getExpireTime()),
                        r.getReason().isEmpty() ? null : r.getReason()));
    }

    @GET
    @Path("/campaigns")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "Campaigns, newest first (paged); a dealer sees those redeemable at its dealer")
    public Uni<CampaignsView> campaigns(@QueryParam("pageSize") @Parameter(description = "1-100, default 20") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        access.requireScope("loyalty:read");
        Checks.of().pageSize(pageSize, 100).pageToken(pageToken).orRefuse();
        return backends.loyalty().listCampaigns(ListCampaignsRequest.newBuilder()
                .setPageSize(Checks.pageSize(pageSize)).setPageToken(Checks.text(pageToken)).build())
                .map(r -> new CampaignsView(r.getCampaignsList().stream().map(CampaignView::from).toList(),
                        r.getNextPageToken()));
    }

    @GET
    @Path("/campaigns/{campaignId}")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "One campaign with its budget usage")
    public Uni<CampaignView> campaign(@PathParam("campaignId") @Parameter(example = "winter-check") String campaignId) {
        access.requireScope("loyalty:read");
        Checks.of().id(campaignId, "campaignId").orRefuse();
        return backends.loyalty().getCampaign(GetCampaignRequest.newBuilder().setName("campaigns/" + campaignId).build())
                .map(CampaignView::from);
    }
}
