package dev.chezhu.telematics.persistence;

/**
 * What storing a batch found. {@code inserted} is false when its key was there already (a resend):
 * then {@code storedDigest}/{@code storedConsentWithheld} describe the earlier batch.
 * {@code highestSequence} is the session's highest stored sequence after this transaction.
 */
public record StoreOutcome(boolean inserted, String storedDigest, boolean storedConsentWithheld, long highestSequence) {
}
