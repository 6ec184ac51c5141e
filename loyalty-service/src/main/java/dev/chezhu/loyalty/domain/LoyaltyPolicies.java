package dev.chezhu.loyalty.domain;

import java.time.Duration;

/** Service-wide policies: the default reversal policy and how long a dealer may roll a redemption back. */
public record LoyaltyPolicies(ReversalPolicy defaultReversal, Duration rollbackWindow) {
}
