package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import dev.chezhu.loyalty.domain.CampaignModel.BudgetEnforcement;
import dev.chezhu.loyalty.domain.CampaignModel.CampaignCommand;
import dev.chezhu.loyalty.domain.CampaignModel.CampaignSpec;
import dev.chezhu.platform.error.Violations;

/** Checks a whole campaign and reports every problem at once. */
public final class CampaignValidator {

    public static final long MAX_AMOUNT = 1_000_000_000L;
    public static final long MAX_BUDGET_COUNT = 1_000_000_000L;
    public static final long MAX_BUDGET_VALUE = 10_000_000_000_000L;
    static final Pattern CODE_VALUE = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    static final Pattern ITEM = Pattern.compile("^[A-Z][A-Z0-9_]{1,63}$");

    private final CouponCodes codes;

    public CampaignValidator(CouponCodes codes) {
        this.codes = codes;
    }

    public CampaignSpec validate(CampaignCommand c, Instant now) {
        Violations v = new Violations();
        String id = c.campaignId() == null || c.campaignId().isEmpty() ? null : c.campaignId();
        v.require(id == null || Names.RESOURCE_ID.matcher(id).matches(), "campaign_id", "3-63 characters of [a-z0-9-]");
        v.require(c.displayName() != null && !c.displayName().isBlank() && c.displayName().length() <= 200,
                "campaign.display_name", "required, at most 200 characters");
        discount(c.discount(), v);
        v.require(c.startAt() != null, "campaign.start_time", "required");
        v.require(c.endAt() != null, "campaign.end_time", "required");
        if (c.startAt() != null && c.endAt() != null) {
            v.require(c.endAt().isAfter(c.startAt()), "campaign.end_time", "must be after start_time");
            v.require(c.endAt().isAfter(now), "campaign.end_time", "must be in the future");
        }
        v.require(c.couponValidityDays() >= 1 && c.couponValidityDays() <= 3650, "campaign.coupon_validity_days",
                "1 to 3650");
        Audience audience = c.audience() == null ? Audience.EVERYONE : c.audience();
        codes("campaign.audience.lifecycle_stages", audience.lifecycleStages(), 50, v);
        codes("campaign.audience.tags", audience.tags(), 50, v);
        codes("campaign.audience.vehicle_models", audience.vehicleModels(), 50, v);
        codes("campaign.audience.tiers", audience.tiers(), 50, v);
        v.require(c.budgetCount() >= 1 && c.budgetCount() <= MAX_BUDGET_COUNT, "campaign.budget.max_count",
                "1 to " + MAX_BUDGET_COUNT);
        v.require(c.budgetValue() >= 1 && c.budgetValue() <= MAX_BUDGET_VALUE, "campaign.budget.max_value",
                "1 to " + MAX_BUDGET_VALUE + " fen");
        if (c.discount() != null && c.discount().faceValue() > 0) {
            v.require(c.budgetValue() >= c.discount().faceValue(), "campaign.budget.max_value",
                    "must cover at least one coupon (" + c.discount().faceValue() + " fen)");
        }
        v.require(c.perPersonLimit() >= 1 && c.perPersonLimit() <= 1000, "campaign.per_person_limit", "1 to 1000");
        List<String> dealers = c.dealerIds() == null ? List.of() : c.dealerIds();
        codes("campaign.dealer_ids", dealers, 500, v);
        String pattern = c.codePattern() == null || c.codePattern().isEmpty() ? codes.defaultPattern() : c.codePattern();
        String problem = codes.problem(pattern);
        v.require(problem == null, "campaign.code_pattern", problem);
        v.require(PointsValidator.requestId(c.requestId()), "request_id", PointsValidator.REQUEST_DESCRIPTION);
        v.throwIfAny("INVALID_CAMPAIGN");
        return new CampaignSpec(id, c.displayName().strip(), c.discount(), c.startAt(), c.endAt(),
                c.couponValidityDays(), audience, c.budgetCount(), c.budgetValue(),
                c.enforcement() == null ? BudgetEnforcement.ISSUE : c.enforcement(), c.perPersonLimit(),
                List.copyOf(dealers), pattern, c.requestId());
    }

    private static void discount(Discount d, Violations v) {
        if (d == null || d.kind() == null) {
            v.add("campaign.discount.kind", "required: AMOUNT, PERCENTAGE or FREE_SERVICE_ITEM");
            return;
        }
        switch (d.kind()) {
            case AMOUNT -> v.require(d.amount() >= 1 && d.amount() <= MAX_AMOUNT, "campaign.discount.amount",
                    "1 to " + MAX_AMOUNT + " fen");
            case PERCENTAGE -> {
                v.require(d.percent() >= 1 && d.percent() <= 100, "campaign.discount.percent", "1 to 100");
                v.require(d.maxAmount() >= 1 && d.maxAmount() <= MAX_AMOUNT, "campaign.discount.max_amount",
                        "required for a percentage: 1 to " + MAX_AMOUNT + " fen (what one coupon reserves)");
            }
            case FREE_SERVICE_ITEM -> {
                v.require(d.serviceItem() != null && ITEM.matcher(d.serviceItem()).matches(),
                        "campaign.discount.service_item", "required: an UPPER_SNAKE item code, e.g. OIL_CHANGE");
                v.require(d.itemValue() >= 1 && d.itemValue() <= MAX_AMOUNT, "campaign.discount.item_value",
                        "1 to " + MAX_AMOUNT + " fen");
            }
        }
    }

    static void codes(String field, List<String> values, int max, Violations v) {
        v.require(values.size() <= max, field, "at most " + max + " values");
        v.require(values.stream().allMatch(x -> x != null && CODE_VALUE.matcher(x).matches()), field,
                "every value 1-64 characters of [A-Za-z0-9_-]");
    }
}
