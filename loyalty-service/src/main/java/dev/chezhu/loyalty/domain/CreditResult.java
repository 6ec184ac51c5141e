package dev.chezhu.loyalty.domain;

/** The entry a credit wrote (or the first one, for a resend) and the account after it. */
public record CreditResult(PointsEntry entry, AccountStatement account, boolean replayed) {
}
