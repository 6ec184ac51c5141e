package dev.chezhu.telematics.domain;

import java.time.Instant;
import java.util.List;

/** A vehicle's whole chain plus a signed head (count + last hash + time), as handed to a buyer. */
public record ServiceHistoryReport(String vin, List<ServiceRecord> records, Instant generatedAt, String headHash,
        String headSignature, String keyId, String publicKey) {

    public ServiceHistoryReport {
        records = List.copyOf(records);
    }
}
