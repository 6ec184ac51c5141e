package dev.chezhu.telematics.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.TelemetryValue.TextList;
import dev.chezhu.telematics.domain.TelemetryValue.TextValue;

/**
 * SHA-256 of a batch's datapoints as sent (valid or not, in order). Two sends of one batch have the
 * same digest; a session/sequence reused for other content does not. Every item is written with its
 * length or a fixed width, so different contents cannot collide by concatenation.
 */
public final class BatchDigest {

    private BatchDigest() {
    }

    public static String of(List<RawDatapoint> datapoints) {
        MessageDigest sha = sha256();
        update(sha, datapoints.size());
        for (RawDatapoint datapoint : datapoints) {
            update(sha, datapoint.signal());
            update(sha, datapoint.value());
            Instant at = datapoint.observedAt();
            if (at == null) {
                sha.update((byte) 0);
            } else {
                sha.update((byte) 1);
                update(sha, at.getEpochSecond());
                update(sha, at.getNano());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, TelemetryValue value) {
        if (value == null) {
            sha.update((byte) 0);
        } else if (value instanceof NumberValue v) {
            sha.update((byte) 1);
            update(sha, Double.doubleToLongBits(v.value()));
        } else if (value instanceof IntegerValue v) {
            sha.update((byte) 2);
            update(sha, v.value());
        } else if (value instanceof BooleanValue v) {
            sha.update((byte) 3);
            sha.update((byte) (v.value() ? 1 : 0));
        } else if (value instanceof TextValue v) {
            sha.update((byte) 4);
            update(sha, v.value());
        } else if (value instanceof NumberList v) {
            sha.update((byte) 5);
            update(sha, v.values().size());
            v.values().forEach(d -> update(sha, Double.doubleToLongBits(d)));
        } else if (value instanceof TextList v) {
            sha.update((byte) 6);
            update(sha, v.values().size());
            v.values().forEach(s -> update(sha, s));
        } else {
            throw new IllegalStateException("unhandled value kind " + value.getClass());
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        update(sha, bytes.length);
        sha.update(bytes);
    }

    private static void update(MessageDigest sha, long number) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            sha.update((byte) (number >>> shift));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
