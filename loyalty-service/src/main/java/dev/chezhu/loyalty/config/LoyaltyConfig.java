package dev.chezhu.loyalty.config;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.chezhu.loyalty.domain.CampaignValidator;
import dev.chezhu.loyalty.domain.CouponCodes;
import dev.chezhu.loyalty.domain.CreditReason;
import dev.chezhu.loyalty.domain.CreditValidator;
import dev.chezhu.loyalty.domain.EarnRule;
import dev.chezhu.loyalty.domain.EarnRules;
import dev.chezhu.loyalty.domain.ExpiryPolicy;
import dev.chezhu.loyalty.domain.LoyaltyPolicies;
import dev.chezhu.loyalty.domain.PointsValidator;
import dev.chezhu.loyalty.domain.QrSigner;
import dev.chezhu.loyalty.domain.TierLevel;
import dev.chezhu.loyalty.domain.TierRules;

/** Wires the pure domain helpers from configuration. */
public class LoyaltyConfig {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    CreditValidator creditValidator() {
        return new CreditValidator();
    }

    @Produces
    @Singleton
    EarnRules earnRules(LoyaltySettings settings) {
        List<EarnRule> rules = new ArrayList<>();
        for (Map.Entry<String, LoyaltySettings.EarnRuleSettings> e : settings.earn().entrySet()) {
            CreditReason reason = CreditReason.of(e.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "chezhu.loyalty.earn: unknown reason " + e.getKey()));
            LoyaltySettings.EarnRuleSettings r = e.getValue();
            rules.add(new EarnRule(reason, r.spendBased(), r.pointsPerYuan(), r.fixedPoints(), r.pendingDays(),
                    r.oncePerPerson(), r.dailyLimit()));
        }
        return new EarnRules(rules);
    }

    @Produces
    @Singleton
    PointsValidator pointsValidator(EarnRules rules) {
        return new PointsValidator(rules);
    }

    @Produces
    @Singleton
    ExpiryPolicy expiryPolicy(LoyaltySettings settings) {
        LoyaltySettings.Expiry e = settings.expiry();
        return new ExpiryPolicy(e.mode(), e.days(), e.years(), ZoneId.of(e.zone()), e.warning());
    }

    @Produces
    @Singleton
    TierRules tierRules(LoyaltySettings settings) {
        List<TierLevel> levels = new ArrayList<>();
        for (String level : settings.tiers().levels()) {
            String[] parts = level.trim().split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("chezhu.loyalty.tiers.levels: CODE:threshold:multiplier, got " + level);
            }
            levels.add(new TierLevel(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
        }
        return new TierRules(levels, settings.tiers().basis(), settings.tiers().window(), settings.tiers().reviewPeriod());
    }

    @Produces
    @Singleton
    CouponCodes couponCodes(LoyaltySettings settings) {
        return new CouponCodes(settings.coupons().alphabet(), settings.coupons().defaultPattern());
    }

    @Produces
    @Singleton
    CampaignValidator campaignValidator(CouponCodes codes) {
        return new CampaignValidator(codes);
    }

    @Produces
    @Singleton
    QrSigner qrSigner(LoyaltySettings settings) {
        return new QrSigner(settings.qr().keyId(), settings.qr().privateKey(),
                Map.of(settings.qr().keyId(), settings.qr().publicKey()));
    }

    @Produces
    @Singleton
    LoyaltyPolicies policies(LoyaltySettings settings) {
        return new LoyaltyPolicies(settings.reversalPolicy(), settings.coupons().rollbackWindow());
    }
}
