package dev.chezhu.gateway.console;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.google.protobuf.Timestamp;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

/**
 * A fixed-amount campaign for the platform team, until the partner API offers campaign creation:
 * the console's browser tests make their coupons with it.
 */
@Path("/console/api/campaigns")
@Tag(name = "console")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class ConsoleCampaignsResource {

    public record AmountCampaignInput(String displayName, long amount, int validityDays, long maxCount,
            List<String> dealerIds, String codePattern) {
    }

    public record CreatedCampaign(String campaignId, String name, String state) {
    }

    private final Backends backends;

    public ConsoleCampaignsResource(Backends backends) {
        this.backends = backends;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a fixed-amount coupon campaign, live from now (platform team)")
    public Uni<CreatedCampaign> create(AmountCampaignInput input) {
        Instant now = Instant.now();
        int days = Math.max(1, input.validityDays());
        Campaign campaign = Campaign.newBuilder()
                .setDisplayName(input.displayName() == null ? "" : input.displayName())
                .setDiscount(Discount.newBuilder().setKind(DiscountKind.DISCOUNT_KIND_AMOUNT).setAmount(input.amount()))
                .setStartTime(ts(now.minusSeconds(60)))
                .setEndTime(ts(now.plusSeconds(86_400L * days)))
                .setCouponValidityDays(days)
                .setBudget(Budget.newBuilder().setMaxCount(Math.max(1, input.maxCount()))
                        .setMaxValue(Math.max(1, input.maxCount()) * input.amount()))
                .setPerPersonLimit(1)
                .addAllDealerIds(input.dealerIds() == null ? List.of() : input.dealerIds())
                .setCodePattern(input.codePattern() == null ? "" : input.codePattern())
                .build();
        return backends.loyalty().createCampaign(CreateCampaignRequest.newBuilder().setCampaign(campaign)
                .setRequestId(UUID.randomUUID().toString()).build())
                .map(r -> new CreatedCampaign(r.getCampaign().getCampaignId(), r.getCampaign().getName(),
                        r.getCampaign().getState().name()));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
    }
}
