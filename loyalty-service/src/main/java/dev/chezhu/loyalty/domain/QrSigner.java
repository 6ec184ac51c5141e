package dev.chezhu.loyalty.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The QR payload a store scans: {@code CZQ1.<body>.<signature>}, body = {@code kid|code|campaign|expiry}
 * (expiry in epoch seconds), both base64url, signed with Ed25519. Any holder of the public key can
 * verify it offline; only this service can make one. Several verification keys may be configured
 * (key rotation: {@code kid} names the key).
 */
public final class QrSigner {

    public static final String PREFIX = "CZQ1";

    private final String keyId;
    private final PrivateKey signingKey;
    private final Map<String, PublicKey> verificationKeys;

    /** Keys as base64: PKCS#8 for the private key, X.509 for the public ones. */
    public QrSigner(String keyId, String privateKeyBase64, Map<String, String> publicKeysBase64) {
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            this.keyId = keyId;
            this.signingKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64)));
            java.util.HashMap<String, PublicKey> keys = new java.util.HashMap<>();
            for (Map.Entry<String, String> key : publicKeysBase64.entrySet()) {
                keys.put(key.getKey(), factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                        .decode(key.getValue()))));
            }
            this.verificationKeys = Map.copyOf(keys);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid QR signing keys", e);
        }
        if (!verificationKeys.containsKey(keyId)) {
            throw new IllegalArgumentException("no public key for the signing key " + keyId);
        }
    }

    /** What a valid payload says. */
    public record QrContent(String code, String campaignId, Instant expiresAt) {
    }

    /** A verification: the content, or why it is not valid (MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE). */
    public record Verification(Optional<QrContent> content, String problem) {
    }

    public String sign(String code, String campaignId, Instant expiresAt) {
        String body = String.join("|", keyId, code, campaignId, Long.toString(expiresAt.getEpochSecond()));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signingKey);
            signer.update(bytes);
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return PREFIX + "." + b64.encodeToString(bytes) + "." + b64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Verification verify(String payload) {
        if (payload == null || payload.length() > 1024) {
            return malformed();
        }
        String[] parts = payload.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            return malformed();
        }
        byte[] body;
        byte[] signature;
        try {
            body = Base64.getUrlDecoder().decode(parts[1]);
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return malformed();
        }
        String[] fields = new String(body, StandardCharsets.UTF_8).split("\\|", -1);
        if (fields.length != 4 || !fields[3].matches("[0-9]{1,12}")) {
            return malformed();
        }
        PublicKey key = verificationKeys.get(fields[0]);
        if (key == null) {
            return new Verification(Optional.empty(), "UNKNOWN_KEY");
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(body);
            if (!verifier.verify(signature)) {
                return new Verification(Optional.empty(), "BAD_SIGNATURE");
            }
        } catch (GeneralSecurityException e) {
            return new Verification(Optional.empty(), "BAD_SIGNATURE");
        }
        return new Verification(Optional.of(new QrContent(fields[1], fields[2],
                Instant.ofEpochSecond(Long.parseLong(fields[3])))), "");
    }

    private static Verification malformed() {
        return new Verification(Optional.empty(), "MALFORMED");
    }
}
