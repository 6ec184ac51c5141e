package dev.chezhu.telematics.domain;

/** A datapoint that was not stored: its position in the batch, its signal and why. */
public record Rejection(int index, String signal, RejectionReason reason, String description) {
}
