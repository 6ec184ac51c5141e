package dev.chezhu.loyalty.grpc;

import java.time.Clock;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;

import dev.chezhu.loyalty.domain.AccountMerges;
import dev.chezhu.loyalty.domain.AccountName;
import dev.chezhu.loyalty.domain.Actor;
import dev.chezhu.loyalty.domain.Campaigns;
import dev.chezhu.loyalty.domain.Coupons;
import dev.chezhu.loyalty.domain.LoyaltyAccounts;
import dev.chezhu.loyalty.domain.Offers;
import dev.chezhu.loyalty.domain.PointsClock;
import dev.chezhu.loyalty.domain.PointsCommands;
import dev.chezhu.loyalty.domain.ReadAccess;
import dev.chezhu.loyalty.domain.Redemptions;
import dev.chezhu.loyalty.domain.TierReview;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.AdjustPointsRequest;
import dev.chezhu.loyalty.v1.AdjustPointsResponse;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.Coupon;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.CreateCampaignResponse;
import dev.chezhu.loyalty.v1.CreateOfferRuleRequest;
import dev.chezhu.loyalty.v1.CreateOfferRuleResponse;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.CreditPointsResponse;
import dev.chezhu.loyalty.v1.EarnPointsRequest;
import dev.chezhu.loyalty.v1.EarnPointsResponse;
import dev.chezhu.loyalty.v1.ExpirePointsRequest;
import dev.chezhu.loyalty.v1.ExpirePointsResponse;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.GetCampaignRequest;
import dev.chezhu.loyalty.v1.GetCouponRequest;
import dev.chezhu.loyalty.v1.ListCampaignsRequest;
import dev.chezhu.loyalty.v1.ListCampaignsResponse;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.ListCouponsResponse;
import dev.chezhu.loyalty.v1.ListLedgerEntriesRequest;
import dev.chezhu.loyalty.v1.ListLedgerEntriesResponse;
import dev.chezhu.loyalty.v1.ListOfferRulesRequest;
import dev.chezhu.loyalty.v1.ListOfferRulesResponse;
import dev.chezhu.loyalty.v1.LoyaltyService;
import dev.chezhu.loyalty.v1.MergeAccountsRequest;
import dev.chezhu.loyalty.v1.MergeAccountsResponse;
import dev.chezhu.loyalty.v1.PublishCouponRequest;
import dev.chezhu.loyalty.v1.PublishCouponResponse;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponResponse;
import dev.chezhu.loyalty.v1.RedeemPointsRequest;
import dev.chezhu.loyalty.v1.RedeemPointsResponse;
import dev.chezhu.loyalty.v1.ReportExperienceRequest;
import dev.chezhu.loyalty.v1.ReportExperienceResponse;
import dev.chezhu.loyalty.v1.ReversePointsRequest;
import dev.chezhu.loyalty.v1.ReversePointsResponse;
import dev.chezhu.loyalty.v1.ReviewTiersRequest;
import dev.chezhu.loyalty.v1.ReviewTiersResponse;
import dev.chezhu.loyalty.v1.RollbackRedemptionRequest;
import dev.chezhu.loyalty.v1.RollbackRedemptionResponse;
import dev.chezhu.loyalty.v1.UnmergeAccountsRequest;
import dev.chezhu.loyalty.v1.UnmergeAccountsResponse;
import dev.chezhu.loyalty.v1.ValidateCouponRequest;
import dev.chezhu.loyalty.v1.ValidateCouponResponse;
import dev.chezhu.loyalty.v1.VerifyCouponQrRequest;
import dev.chezhu.loyalty.v1.VerifyCouponQrResponse;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * LoyaltyService over gRPC: roles per method (checked before anything else), partner scopes, wire
 * mapping. Everything else happens in the domain.
 */
@GrpcService
public class LoyaltyGrpcService implements LoyaltyService {

    private final LoyaltyAccounts accounts;
    private final dev.chezhu.loyalty.domain.Points points;
    private final dev.chezhu.loyalty.domain.PointsValidator pointsValidator;
    private final PointsClock pointsClock;
    private final TierReview tierReview;
    private final AccountMerges merges;
    private final Campaigns campaigns;
    private final Coupons coupons;
    private final Redemptions redemptions;
    private final Offers offers;
    private final SecurityIdentity identity;
    private final Clock clock;

    public LoyaltyGrpcService(LoyaltyAccounts accounts, dev.chezhu.loyalty.domain.Points points,
            dev.chezhu.loyalty.domain.PointsValidator pointsValidator, PointsClock pointsClock, TierReview tierReview,
            AccountMerges merges, Campaigns campaigns, Coupons coupons, Redemptions redemptions, Offers offers,
            SecurityIdentity identity, Clock clock) {
        this.accounts = accounts;
        this.points = points;
        this.pointsValidator = pointsValidator;
        this.pointsClock = pointsClock;
        this.tierReview = tierReview;
        this.merges = merges;
        this.campaigns = campaigns;
        this.coupons = coupons;
        this.redemptions = redemptions;
        this.offers = offers;
        this.identity = identity;
        this.clock = clock;
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    /** Runs a domain call so that anything it throws becomes the call's failure. */
    private static <T> Uni<T> call(Supplier<Uni<? extends T>> domain) {
        return Uni.createFrom().deferred(domain);
    }

    // --- points

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN, Roles.HEAD_UNIT })
    public Uni<Account> getAccount(GetAccountRequest request) {
        return call(() -> accounts.get(request.getName(), request.getVehicle(), caller())).map(LoyaltyMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.DEALER, Roles.PLATFORM_ADMIN })
    public Uni<CreditPointsResponse> creditPoints(CreditPointsRequest request) {
        return call(() -> accounts.credit(LoyaltyMapper.toCommand(request), caller())).map(LoyaltyMapper::toResponse);
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.DEALER, Roles.PLATFORM_ADMIN, Roles.PARTNER })
    public Uni<EarnPointsResponse> earnPoints(EarnPointsRequest request) {
        return call(() -> {
            Caller caller = caller();
            ReadAccess.requireScope(caller, ReadAccess.LOYALTY_WRITE);
            return points.earn(pointsValidator.earn(new PointsCommands.EarnCommand(request.getAccount(),
                    request.getReason(), request.getSpendAmount(), request.getSourceReference(), request.getRequestId())),
                    Actor.of(caller));
        }).map(LoyaltyMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.DEALER, Roles.PLATFORM_ADMIN, Roles.PARTNER })
    public Uni<RedeemPointsResponse> redeemPoints(RedeemPointsRequest request) {
        return call(() -> {
            Caller caller = caller();
            ReadAccess.requireScope(caller, ReadAccess.LOYALTY_WRITE);
            return points.redeem(pointsValidator.redeem(new PointsCommands.SpendCommand(request.getAccount(),
                    request.getPoints(), request.getReason(), request.getSourceReference(), request.getRequestId())),
                    Actor.of(caller));
        }).map(r -> RedeemPointsResponse.newBuilder().setEntry(LoyaltyMapper.toWire(r.entry()))
                .setAccount(LoyaltyMapper.toWire(r.account())).setReplayed(r.replayed()).build());
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.DEALER, Roles.PLATFORM_ADMIN, Roles.PARTNER })
    public Uni<ReversePointsResponse> reversePoints(ReversePointsRequest request) {
        return call(() -> {
            Caller caller = caller();
            ReadAccess.requireScope(caller, ReadAccess.LOYALTY_WRITE);
            return points.reverse(pointsValidator.reverse(new PointsCommands.ReverseCommand(request.getAccount(),
                    request.getSourceReference(), request.getEntry(), request.getReason(),
                    LoyaltyMapper.toDomain(request.getPolicy()), request.getRequestId())), Actor.of(caller));
        }).map(LoyaltyMapper::toWire);
    }

    @Override
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<AdjustPointsResponse> adjustPoints(AdjustPointsRequest request) {
        return call(() -> points.adjust(pointsValidator.adjust(new PointsCommands.SpendCommand(request.getAccount(),
                request.getPoints(), request.getReason(), request.getSourceReference(), request.getRequestId())),
                Actor.of(caller())))
                .map(r -> AdjustPointsResponse.newBuilder().setEntry(LoyaltyMapper.toWire(r.entry()))
                        .setAccount(LoyaltyMapper.toWire(r.account())).setReplayed(r.replayed()).build());
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN, Roles.HEAD_UNIT })
    public Uni<ListLedgerEntriesResponse> listLedgerEntries(ListLedgerEntriesRequest request) {
        return call(() -> accounts.viewer().person(caller(), request.getParent(), "parent", request.getVehicle())
                .flatMap(person -> points.entries(person, request.getPageSize(), request.getPageToken())))
                .map(page -> {
                    ListLedgerEntriesResponse.Builder wire = ListLedgerEntriesResponse.newBuilder()
                            .setNextPageToken(page.nextPageToken());
                    page.entries().forEach(e -> wire.addEntries(LoyaltyMapper.toWire(e)));
                    return wire.build();
                });
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE })
    public Uni<ExpirePointsResponse> expirePoints(ExpirePointsRequest request) {
        return call(() -> pointsClock.run(clock.instant(), optionalAccount(request.getAccount(), "account")))
                .map(run -> ExpirePointsResponse.newBuilder()
                        .setReleasedCount(run.released())
                        .setReleasedPoints(run.releasedPoints())
                        .setWarnedCount(run.warned())
                        .setExpiredLotCount(run.expiredLots())
                        .setExpiredPoints(run.expiredPoints())
                        .build());
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE })
    public Uni<ReviewTiersResponse> reviewTiers(ReviewTiersRequest request) {
        return call(() -> tierReview.run(clock.instant(), optionalAccount(request.getAccount(), "account")))
                .map(run -> ReviewTiersResponse.newBuilder().setReviewedCount(run.reviewed())
                        .setDowngradedCount(run.downgraded()).setKeptCount(run.kept()).build());
    }

    private static String optionalAccount(String name, String field) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        return AccountName.personId(name).orElseThrow(() -> ServiceException.invalidField(field,
                AccountName.DESCRIPTION));
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE })
    public Uni<MergeAccountsResponse> mergeAccounts(MergeAccountsRequest request) {
        return call(() -> {
            AccountMerges.validate(request.getSourceAccount(), request.getTargetAccount(), request.getMergeId());
            return merges.merge(AccountName.personId(request.getSourceAccount()).orElseThrow(),
                    AccountName.personId(request.getTargetAccount()).orElseThrow(), request.getMergeId(),
                    Actor.of(caller()));
        }).map(r -> MergeAccountsResponse.newBuilder().setMerge(LoyaltyMapper.toWire(r.merge()))
                .setReplayed(r.replayed()).build());
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE })
    public Uni<UnmergeAccountsResponse> unmergeAccounts(UnmergeAccountsRequest request) {
        return call(() -> {
            if (!dev.chezhu.loyalty.domain.Names.MERGE_ID.matcher(request.getMergeId()).matches()) {
                throw ServiceException.invalidField("merge_id", "required: 1-128 printable ASCII");
            }
            return merges.unmerge(request.getMergeId(), Actor.of(caller()));
        }).map(r -> UnmergeAccountsResponse.newBuilder().setMerge(LoyaltyMapper.toWire(r.merge()))
                .setReplayed(r.replayed()).build());
    }

    // --- campaigns and coupons

    @Override
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<CreateCampaignResponse> createCampaign(CreateCampaignRequest request) {
        return call(() -> campaigns.create(CouponMapper.toCommand(request), caller()))
                .map(c -> CreateCampaignResponse.newBuilder().setCampaign(CouponMapper.toWire(c.campaign()))
                        .setReplayed(c.replayed()).build());
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE, Roles.DEALER, Roles.PARTNER })
    public Uni<Campaign> getCampaign(GetCampaignRequest request) {
        return call(() -> {
            Caller caller = caller();
            ReadAccess.requireScope(caller, ReadAccess.COUPONS_PUBLISH, ReadAccess.LOYALTY_READ);
            return campaigns.get(request.getName(), caller);
        }).map(CouponMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE, Roles.DEALER, Roles.PARTNER })
    public Uni<ListCampaignsResponse> listCampaigns(ListCampaignsRequest request) {
        return call(() -> {
            Caller caller = caller();
            ReadAccess.requireScope(caller, ReadAccess.COUPONS_PUBLISH, ReadAccess.LOYALTY_READ);
            return campaigns.list(request.getPageSize(), request.getPageToken(), caller);
        }).map(page -> {
            ListCampaignsResponse.Builder wire = ListCampaignsResponse.newBuilder().setNextPageToken(page.nextPageToken());
            page.campaigns().forEach(c -> wire.addCampaigns(CouponMapper.toWire(c)));
            return wire.build();
        });
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE, Roles.PARTNER })
    public Uni<PublishCouponResponse> publishCoupon(PublishCouponRequest request) {
        return call(() -> {
            Caller caller = caller();
            ReadAccess.requireScope(caller, ReadAccess.COUPONS_PUBLISH);
            return coupons.publish(request.getCampaign(), request.getAccount(), request.getRequestId(), caller);
        }).map(p -> PublishCouponResponse.newBuilder()
                .setCoupon(CouponMapper.toWire(p.coupon(), coupons.qrPayload(p.coupon())))
                .setReplayed(p.replayed()).build());
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE, Roles.PARTNER, Roles.HEAD_UNIT })
    public Uni<Coupon> getCoupon(GetCouponRequest request) {
        return call(() -> coupons.get(request.getName(), caller()))
                .map(c -> CouponMapper.toWire(c, coupons.qrPayload(c)));
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE, Roles.PARTNER, Roles.DEALER, Roles.HEAD_UNIT })
    public Uni<ListCouponsResponse> listCoupons(ListCouponsRequest request) {
        return call(() -> coupons.list(request.getParent(), request.getVehicle(), CouponMapper.toDomain(
                request.getState()), request.getPageSize(), request.getPageToken(), caller()))
                .map(page -> {
                    ListCouponsResponse.Builder wire = ListCouponsResponse.newBuilder()
                            .setNextPageToken(page.nextPageToken());
                    page.coupons().forEach(c -> wire.addCoupons(CouponMapper.toWire(c, coupons.qrPayload(c))));
                    return wire.build();
                });
    }

    @Override
    @RolesAllowed(Roles.DEALER)
    public Uni<ValidateCouponResponse> validateCoupon(ValidateCouponRequest request) {
        return call(() -> redemptions.validate(new Redemptions.CounterRequest(request.getCode(), request.getQrPayload(),
                request.getBillAmount(), request.getAccount(), null), caller()))
                .map(v -> ValidateCouponResponse.newBuilder().setCoupon(CouponMapper.toWire(v.coupon(), null))
                        .setDiscountAmount(v.discount()).build());
    }

    @Override
    @RolesAllowed(Roles.DEALER)
    public Uni<RedeemCouponResponse> redeemCoupon(RedeemCouponRequest request) {
        return call(() -> redemptions.redeem(new Redemptions.CounterRequest(request.getCode(), request.getQrPayload(),
                request.getBillAmount(), request.getAccount(), request.getRequestId()), caller()))
                .map(r -> RedeemCouponResponse.newBuilder().setCoupon(CouponMapper.toWire(r.coupon(), null))
                        .setRedemption(CouponMapper.toWire(r.redemption())).setReplayed(r.replayed()).build());
    }

    @Override
    @RolesAllowed(Roles.DEALER)
    public Uni<RollbackRedemptionResponse> rollbackRedemption(RollbackRedemptionRequest request) {
        return call(() -> redemptions.rollback(request.getName(), request.getReason(), request.getRequestId(), caller()))
                .map(r -> RollbackRedemptionResponse.newBuilder().setCoupon(CouponMapper.toWire(r.coupon(), null))
                        .setRedemption(CouponMapper.toWire(r.redemption())).setReplayed(r.replayed()).build());
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<VerifyCouponQrResponse> verifyCouponQr(VerifyCouponQrRequest request) {
        return call(() -> Uni.createFrom().item(coupons.verify(request.getQrPayload()))).map(v -> {
            VerifyCouponQrResponse.Builder wire = VerifyCouponQrResponse.newBuilder().setValid(v.content().isPresent())
                    .setReason(v.problem());
            v.content().ifPresent(c -> wire.setCode(c.code()).setCampaign(dev.chezhu.loyalty.domain.Names.campaign(
                    c.campaignId())).setExpireTime(LoyaltyMapper.timestamp(c.expiresAt())));
            return wire.build();
        });
    }

    // --- offers

    @Override
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<CreateOfferRuleResponse> createOfferRule(CreateOfferRuleRequest request) {
        return call(() -> offers.createRule(CouponMapper.toCommand(request), caller()))
                .map(r -> CreateOfferRuleResponse.newBuilder().setOfferRule(CouponMapper.toWire(r.rule()))
                        .setReplayed(r.replayed()).build());
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE })
    public Uni<ListOfferRulesResponse> listOfferRules(ListOfferRulesRequest request) {
        return call(() -> offers.listRules(CouponMapper.toDomain(request.getTrigger()), request.getPageSize(),
                request.getPageToken())).map(page -> {
                    ListOfferRulesResponse.Builder wire = ListOfferRulesResponse.newBuilder()
                            .setNextPageToken(page.nextPageToken());
                    page.rules().forEach(r -> wire.addOfferRules(CouponMapper.toWire(r)));
                    return wire.build();
                });
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<ReportExperienceResponse> reportExperience(ReportExperienceRequest request) {
        return call(() -> offers.reportExperience(request.getAccount(), CouponMapper.toDomain(request.getTrigger()),
                request.getSourceReference(), request.getRequestId(), caller()))
                .map(d -> ReportExperienceResponse.newBuilder()
                        .setDecision(CouponMapper.toWire(d.decision(), d.decision().coupon() == null ? null
                                : coupons.qrPayload(d.decision().coupon())))
                        .setReplayed(d.replayed()).build());
    }
}
