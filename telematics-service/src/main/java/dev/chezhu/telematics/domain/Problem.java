package dev.chezhu.telematics.domain;

/** What is wrong with one datapoint. */
public record Problem(RejectionReason reason, String description) {
}
