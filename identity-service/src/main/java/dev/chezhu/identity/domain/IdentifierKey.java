package dev.chezhu.identity.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A normalised identifier: the unit of matching. {@code scope} is empty for unscoped kinds. */
public record IdentifierKey(IdentifierKind kind, String scope, String value) implements Comparable<IdentifierKey> {

    /** Stable text form, used for locks and cache keys. */
    public String canonical() {
        return kind.name() + '|' + scope + '|' + value;
    }

    /**
     * Digest of the canonical form: lets Redis keys, locks, quarantine and conflict records name an
     * identifier without holding it. The same function is in the V2 migration (backfill).
     */
    public String digest() {
        return digestOf(canonical());
    }

    /** What per-person limits count: the kind, per scope for scoped kinds (one openid per WeChat app). */
    public String bucket() {
        return kind.scoped() ? kind.name() + '|' + scope : kind.name();
    }

    static String digestOf(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kind of a bucket name as {@link #bucket()} writes it. */
    public static IdentifierKind kindOfBucket(String bucket) {
        int bar = bucket.indexOf('|');
        return IdentifierKind.valueOf(bar < 0 ? bucket : bucket.substring(0, bar));
    }

    @Override
    public int compareTo(IdentifierKey other) {
        return canonical().compareTo(other.canonical());
    }
}
