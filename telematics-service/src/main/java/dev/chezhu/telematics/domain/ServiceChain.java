package dev.chezhu.telematics.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical byte forms that are hashed and signed (format v1, documented in the README). Every
 * field is written as a netstring, {@code <byte length>:<UTF-8 bytes>,}, in a fixed order, so two
 * different records can never have the same form.
 *
 * <pre>
 * record = ns("chezhu.service-record.v1") ns(vin) ns(position) ns(dealer_id) ns(visit_date YYYY-MM-DD)
 *          ns(odometer_km) ns(record_time epoch µs) ns(notes)
 *          ns(#work_items) { ns(code) ns(description) }* ns(#parts) { ns(part_number) ns(description) ns(quantity) }*
 *          ns(previous_hash)
 * hash   = hex(SHA-256(record))
 * head   = ns("chezhu.service-history-head.v1") ns(vin) ns(#records) ns(head_hash) ns(generate_time epoch µs)
 * </pre>
 */
public final class ServiceChain {

    /** previous_hash of the first record, and head_hash of an empty history. */
    public static final String GENESIS = "0".repeat(64);

    private ServiceChain() {
    }

    public static byte[] canonical(String vin, long position, String dealerId, ServiceVisit visit, Instant recordTime,
            String previousHash) {
        Netstrings out = new Netstrings()
                .add("chezhu.service-record.v1").add(vin).add(Long.toString(position)).add(dealerId)
                .add(visit.visitDate().toString()).add(Long.toString(visit.odometerKm()))
                .add(Long.toString(AlertRules.micros(recordTime))).add(visit.notes())
                .add(Integer.toString(visit.workItems().size()));
        for (ServiceVisit.WorkItem item : visit.workItems()) {
            out.add(item.code()).add(item.description());
        }
        out.add(Integer.toString(visit.parts().size()));
        for (ServiceVisit.Part part : visit.parts()) {
            out.add(part.partNumber()).add(part.description()).add(Integer.toString(part.quantity()));
        }
        return out.add(previousHash).bytes();
    }

    public static String hash(ServiceRecord record) {
        return sha256Hex(canonical(record.vin(), record.position(), record.dealerId(), record.visit(),
                record.recordTime(), record.previousHash()));
    }

    public static byte[] head(String vin, int count, String headHash, Instant generatedAt) {
        return new Netstrings().add("chezhu.service-history-head.v1").add(vin).add(Integer.toString(count))
                .add(headHash).add(Long.toString(AlertRules.micros(generatedAt))).bytes();
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Netstrings {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Netstrings add(String text) {
            byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
            out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.write(',');
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
