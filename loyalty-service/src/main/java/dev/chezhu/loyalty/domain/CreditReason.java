package dev.chezhu.loyalty.domain;

import java.util.Arrays;
import java.util.Optional;

/** Why points are earned. Codes are UPPER_SNAKE and stored as they are on the wire. */
public enum CreditReason {
    SERVICE_VISIT,
    PURCHASE,
    REFERRAL,
    PROFILE_COMPLETION,
    CONTENT_SHARE,
    GOODWILL;

    /** The reason with exactly this code; no case folding, so a ledger never holds two spellings. */
    public static Optional<CreditReason> of(String code) {
        return Arrays.stream(values()).filter(r -> r.name().equals(code)).findFirst();
    }
}
