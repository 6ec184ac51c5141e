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

    /** Digest of the canonical form: lets Redis keys and locks name an identifier without holding it. */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int compareTo(IdentifierKey other) {
        return canonical().compareTo(other.canonical());
    }
}
