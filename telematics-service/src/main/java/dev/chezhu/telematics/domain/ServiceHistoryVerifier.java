package dev.chezhu.telematics.domain;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a service history report against a trusted platform public key, offline (pure). Checks,
 * per record: it belongs to the report's vehicle, its position is its place in the chain, its
 * previous_hash is the hash of the record before, its hash is the hash of its content, it was signed
 * by the trusted key; and for the report: the signed head names exactly this many records and the
 * last hash. So an edited record fails its hash or (when the hash was recomputed) its signature; a
 * removed or inserted record breaks the chain or the positions; reordered records break both; and
 * records cut off the end no longer match the signed head.
 */
public final class ServiceHistoryVerifier {

    public record Finding(int index, String reason, String description) {
    }

    private ServiceHistoryVerifier() {
    }

    public static List<Finding> verify(ServiceHistoryReport report, PublicKey trusted) {
        List<Finding> findings = new ArrayList<>();
        String trustedId = Ed25519Keys.keyId(trusted);
        String previous = ServiceChain.GENESIS;
        List<ServiceRecord> records = report.records();
        for (int i = 0; i < records.size(); i++) {
            ServiceRecord record = records.get(i);
            if (!record.vin().equals(report.vin())) {
                findings.add(new Finding(i, "WRONG_VEHICLE", "record of " + record.vin() + " in the history of "
                        + report.vin()));
            }
            if (record.position() != i + 1) {
                findings.add(new Finding(i, "POSITION_OUT_OF_ORDER", "record at place " + (i + 1) + " says position "
                        + record.position()));
            }
            if (!record.previousHash().equals(previous)) {
                findings.add(new Finding(i, "CHAIN_BROKEN", "previous_hash does not match the record before it"
                        + " (a record was removed, inserted or moved)"));
            }
            String recomputed = ServiceChain.hash(record);
            if (!recomputed.equals(record.hash())) {
                findings.add(new Finding(i, "HASH_MISMATCH", "the content does not match its hash (the record was edited)"));
            }
            if (!record.keyId().equals(trustedId)) {
                findings.add(new Finding(i, "UNKNOWN_KEY", "signed by key " + record.keyId() + ", not the trusted key "
                        + trustedId));
            } else if (!Ed25519Keys.verify(trusted, Ed25519Keys.hashBytes(record.hash()), record.signature())) {
                findings.add(new Finding(i, "BAD_SIGNATURE", "the signature does not verify with the platform key"));
            }
            previous = record.hash();
        }
        if (records.isEmpty() ? !report.headHash().equals(ServiceChain.GENESIS)
                : !report.headHash().equals(records.get(records.size() - 1).hash())) {
            findings.add(new Finding(-1, "HEAD_MISMATCH", "the signed head does not name the last record's hash"));
        }
        if (!report.keyId().equals(trustedId) || !Ed25519Keys.verify(trusted,
                ServiceChain.head(report.vin(), records.size(), report.headHash(), report.generatedAt()),
                report.headSignature())) {
            findings.add(new Finding(-1, "BAD_HEAD_SIGNATURE", "the signed head does not verify for " + records.size()
                    + " records (records were removed from or added to the end, or the head was altered)"));
        }
        return findings;
    }
}
