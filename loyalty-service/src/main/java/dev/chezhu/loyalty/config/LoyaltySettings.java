package dev.chezhu.loyalty.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.chezhu.loyalty.domain.ExpiryPolicy;
import dev.chezhu.loyalty.domain.ReversalPolicy;
import dev.chezhu.loyalty.domain.TierRules;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code chezhu.loyalty.*}: earning rules, expiry, tiers, coupons, QR keys, policies. */
@ConfigMapping(prefix = "chezhu.loyalty")
public interface LoyaltySettings {

    /** Earning rules by reason (SERVICE_VISIT, PURCHASE, REFERRAL, PROFILE_COMPLETION, CONTENT_SHARE). */
    Map<String, EarnRuleSettings> earn();

    Expiry expiry();

    Tiers tiers();

    Coupons coupons();

    Qr qr();

    Jobs jobs();

    TokenCache tokenCache();

    /** Identities of verified bearer tokens, kept until the token expires (see VerifiedTokenCache). */
    interface TokenCache {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("10000")
        int maxSize();
    }

    /** What a reversal does with points already spent when the request does not say. */
    @WithDefault("NEGATIVE_BALANCE")
    ReversalPolicy reversalPolicy();

    interface EarnRuleSettings {
        @WithDefault("false")
        boolean spendBased();

        @WithDefault("0")
        long pointsPerYuan();

        @WithDefault("0")
        long fixedPoints();

        @WithDefault("0")
        int pendingDays();

        @WithDefault("false")
        boolean oncePerPerson();

        @WithDefault("0")
        int dailyLimit();
    }

    interface Expiry {
        @WithDefault("YEAR_END")
        ExpiryPolicy.Mode mode();

        /** ROLLING: days after the points became spendable. */
        @WithDefault("365")
        int days();

        /** YEAR_END: years after the end of the year the points became spendable in. */
        @WithDefault("1")
        int years();

        @WithDefault("Asia/Shanghai")
        String zone();

        /** How long before a lot expires its holder is warned (PointsExpiring). */
        @WithDefault("P30D")
        Duration warning();
    }

    interface Tiers {
        /** CODE:threshold:earn-multiplier-percent, lowest first; the lowest starts at 0. */
        @WithDefault("STANDARD:0:100,SILVER:2000:110,GOLD:8000:125,PLATINUM:20000:150")
        List<String> levels();

        @WithDefault("POINTS")
        TierRules.Basis basis();

        @WithDefault("P365D")
        Duration window();

        @WithDefault("P365D")
        Duration reviewPeriod();
    }

    interface Coupons {
        /** Crockford's base32 (no I, L, O, U): 5 bits per character, nothing to misread at a counter. */
        @WithDefault("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        String alphabet();

        /** 14 random characters = 70 bits. */
        @WithDefault("XXXX-XXXX-XXXX-XX")
        String defaultPattern();

        @WithDefault("PT30M")
        Duration rollbackWindow();
    }

    /** The scheduled chores (read by {@code LoyaltyJobs} through property expressions). */
    interface Jobs {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5m")
        String pointsEvery();

        @WithDefault("0 30 2 * * ?")
        String tierReviewCron();
    }

    interface Qr {
        /** The key that signs new QR payloads. */
        String keyId();

        /** Ed25519 private key, PKCS#8, base64. */
        String privateKey();

        /** Its public key, X.509, base64 (what a store's scanner verifies with). */
        String publicKey();
    }
}
