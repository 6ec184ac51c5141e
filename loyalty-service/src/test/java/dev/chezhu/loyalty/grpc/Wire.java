package dev.chezhu.loyalty.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;

import dev.chezhu.loyalty.v1.Audience;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.BudgetEnforcement;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.loyalty.v1.EarnPointsRequest;
import dev.chezhu.loyalty.v1.PublishCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.platform.error.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Requests and assertions the gRPC tests share. Every test works on fresh IDs. */
public final class Wire {

    private Wire() {
    }

    public static String newPerson() {
        return UUID.randomUUID().toString();
    }

    public static String id() {
        return UUID.randomUUID().toString();
    }

    public static Timestamp time(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static EarnPointsRequest.Builder earn(String person, String reason, long spend) {
        return EarnPointsRequest.newBuilder().setAccount("accounts/" + person).setReason(reason).setSpendAmount(spend)
                .setSourceReference("orders/O-" + id()).setRequestId(id());
    }

    /** An ACTIVE amount-off campaign live now for a week, redeemable at the given dealers (none = all). */
    public static Campaign.Builder amountCampaign(long amount, long budgetCount, String... dealers) {
        return Campaign.newBuilder()
                .setDisplayName("Spring service")
                .setDiscount(Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_AMOUNT).setAmount(amount))
                .setStartTime(time(Instant.now().minusSeconds(60)))
                .setEndTime(time(Instant.now().plusSeconds(7 * 86_400)))
                .setCouponValidityDays(3)
                .setBudget(Budget.newBuilder().setMaxCount(budgetCount).setMaxValue(budgetCount * amount)
                        .setEnforcement(BudgetEnforcement.BUDGET_ENFORCEMENT_ISSUE))
                .setPerPersonLimit(1)
                .addAllDealerIds(List.of(dealers))
                .setAudience(Audience.getDefaultInstance());
    }

    public static CreateCampaignRequest create(Campaign.Builder campaign) {
        return CreateCampaignRequest.newBuilder().setCampaign(campaign).setRequestId(id()).build();
    }

    public static PublishCouponRequest publish(String campaign, String person) {
        return PublishCouponRequest.newBuilder().setCampaign(campaign).setAccount("accounts/" + person)
                .setRequestId(id()).build();
    }

    public static RedeemCouponRequest.Builder redeem(String code) {
        return RedeemCouponRequest.newBuilder().setCode(code).setRequestId(id());
    }

    public static StatusRuntimeException refused(Supplier<?> call) {
        return assertThrows(StatusRuntimeException.class, call::get);
    }

    /** Asserts the status code and ErrorInfo reason of a refused call. */
    public static StatusRuntimeException refused(Status.Code code, String reason, Supplier<?> call) {
        StatusRuntimeException refused = refused(call);
        assertEquals(code, refused.getStatus().getCode(), refused.getStatus().toString());
        assertEquals(reason, ErrorDetails.errorInfo(refused).orElseThrow().getReason(), refused.getStatus().toString());
        return refused;
    }

    public static List<String> violatedFields(StatusRuntimeException refused) {
        return ErrorDetails.badRequest(refused).orElseThrow().getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).toList();
    }
}
