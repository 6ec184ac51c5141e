package dev.chezhu.gateway.backend;

import java.util.List;

import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.Coupon;
import dev.chezhu.loyalty.v1.CouponState;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.GetCouponRequest;
import dev.chezhu.loyalty.v1.LedgerEntry;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.ListCouponsResponse;
import dev.chezhu.loyalty.v1.ListLedgerEntriesRequest;
import dev.chezhu.loyalty.v1.ListLedgerEntriesResponse;
import dev.chezhu.loyalty.v1.MutinyLoyaltyServiceGrpc;
import dev.chezhu.loyalty.v1.PublishCouponRequest;
import dev.chezhu.loyalty.v1.PublishCouponResponse;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponResponse;
import dev.chezhu.loyalty.v1.Redemption;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.error.FieldViolation;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** loyalty-service for the gateway tests; coupon {@code CZ-BAD} is refused with a field violation. */
@GrpcService
public class LoyaltyStandIn extends MutinyLoyaltyServiceGrpc.LoyaltyServiceImplBase {

    private final BackendCalls calls;

    public LoyaltyStandIn(BackendCalls calls) {
        this.calls = calls;
    }

    private static Coupon coupon(String code, CouponState state) {
        return Coupon.newBuilder().setName("coupons/" + code).setCode(code).setCampaign("campaigns/winter-check")
                .setAccount("accounts/p-d001").setState(state).addDealerIds("D001").build();
    }

    @Override
    public Uni<Account> getAccount(GetAccountRequest request) {
        calls.record("GetAccount");
        return Uni.createFrom().item(Account.newBuilder().setName(request.getName())
                .setPersonId(request.getName().substring(9)).setBalance(120).setTier("SILVER").build());
    }

    @Override
    public Uni<ListLedgerEntriesResponse> listLedgerEntries(ListLedgerEntriesRequest request) {
        calls.record("ListLedgerEntries");
        return Uni.createFrom().item(ListLedgerEntriesResponse.newBuilder()
                .addEntries(LedgerEntry.newBuilder().setEntryId("e-" + request.getPageToken()).setPoints(120))
                .setNextPageToken(request.getPageToken().isEmpty() ? "e-2" : "").build());
    }

    @Override
    public Uni<Coupon> getCoupon(GetCouponRequest request) {
        calls.record("GetCoupon");
        return Uni.createFrom().item(coupon(request.getName().substring(8), CouponState.COUPON_STATE_ISSUED));
    }

    @Override
    public Uni<ListCouponsResponse> listCoupons(ListCouponsRequest request) {
        calls.record("ListCoupons");
        return Uni.createFrom().item(ListCouponsResponse.newBuilder()
                .addCoupons(coupon("CZ-1", CouponState.COUPON_STATE_ISSUED)).build());
    }

    @Override
    public Uni<PublishCouponResponse> publishCoupon(PublishCouponRequest request) {
        calls.record("PublishCoupon");
        return Uni.createFrom().item(PublishCouponResponse.newBuilder()
                .setCoupon(coupon("CZ-NEW-" + calls.count("PublishCoupon"), CouponState.COUPON_STATE_ISSUED).toBuilder()
                        .setAccount(request.getAccount()))
                .build());
    }

    @Override
    public Uni<RedeemCouponResponse> redeemCoupon(RedeemCouponRequest request) {
        if (request.getCode().equals("CZ-BAD")) {
            return Uni.createFrom().failure(ErrorDetails.statusException(Status.Code.INVALID_ARGUMENT, "INVALID_COUPON",
                    "bill_amount: too large", java.util.Map.of(),
                    List.of(new FieldViolation("bill_amount", "at most 100000000 fen"))));
        }
        calls.record("RedeemCoupon");
        Redemption redemption = Redemption.newBuilder()
                .setName("coupons/" + request.getCode() + "/redemptions/r-" + calls.count("RedeemCoupon"))
                .setRedemptionId("r-" + calls.count("RedeemCoupon")).setDealerId("D001")
                .setBillAmount(request.getBillAmount()).build();
        return Uni.createFrom().item(RedeemCouponResponse.newBuilder()
                .setCoupon(coupon(request.getCode(), CouponState.COUPON_STATE_REDEEMED).toBuilder().setRedemption(redemption))
                .setRedemption(redemption).build());
    }
}
