package dev.chezhu.loyalty.domain;

/** A credit as received, before validation. */
public record CreditCommand(String account, long points, String reason, String sourceReference, String requestId) {
}
