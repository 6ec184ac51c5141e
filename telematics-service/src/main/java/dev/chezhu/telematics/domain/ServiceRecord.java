package dev.chezhu.telematics.domain;

import java.time.Instant;

/**
 * One link of a vehicle's service chain. {@code hash} = SHA-256 of {@link ServiceChain#canonical}
 * (which includes {@code previousHash}); {@code signature} = Ed25519 over the 32 hash bytes.
 */
public record ServiceRecord(String vin, long position, String dealerId, ServiceVisit visit, Instant recordTime,
        String previousHash, String hash, String signature, String keyId) {
}
