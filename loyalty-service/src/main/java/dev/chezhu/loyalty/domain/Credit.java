package dev.chezhu.loyalty.domain;

/** A validated credit: the points to add to one person's account, and what to answer a resend with. */
public record Credit(String personId, long points, CreditReason reason, String sourceReference, String requestId) {
}
