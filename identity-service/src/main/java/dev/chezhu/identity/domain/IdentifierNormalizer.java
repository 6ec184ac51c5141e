package dev.chezhu.identity.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.chezhu.platform.error.Violations;

/**
 * Turns identifiers as touchpoints write them into one canonical form, so that "138 0013 8000",
 * "+86 13800138000" and "008613800138000" are the same phone. Pure logic: no I/O.
 */
public final class IdentifierNormalizer {

    static final int MAX_VALUE_LENGTH = 128;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE_DECORATION = Pattern.compile("[\\s\\-().]");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SCOPE = Pattern.compile("^[A-Za-z0-9_.\\-]{1,64}$");
    private static final Pattern PRINTABLE = Pattern.compile("^\\P{Cntrl}+$");

    private final byte[] faceTokenKey;

    public IdentifierNormalizer(String faceTokenKey) {
        this.faceTokenKey = faceTokenKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The normalised key, or empty with the reason added to {@code violations} under {@code field}. */
    public Optional<IdentifierKey> normalize(RawIdentifier raw, String field, Violations violations) {
        if (raw.kind() == null) {
            violations.add(field + ".type", "identifier type is required and must be a known type");
            return Optional.empty();
        }
        String value = raw.value() == null ? "" : raw.value().trim();
        String scope = raw.scope() == null ? "" : raw.scope().trim();
        if (value.isEmpty()) {
            violations.add(field + ".value", "value is required");
            return Optional.empty();
        }
        if (value.length() > MAX_VALUE_LENGTH || !PRINTABLE.matcher(value).matches()) {
            violations.add(field + ".value", "value must be printable and at most " + MAX_VALUE_LENGTH + " characters");
            return Optional.empty();
        }
        if (raw.kind().scoped() && !SCOPE.matcher(scope).matches()) {
            violations.add(field + ".scope", raw.kind() + " needs a scope (app or dealer id, 1-64 of [A-Za-z0-9_.-])");
            return Optional.empty();
        }
        if (!raw.kind().scoped() && !scope.isEmpty()) {
            violations.add(field + ".scope", raw.kind() + " is not scoped; leave scope empty");
            return Optional.empty();
        }
        Optional<String> normalised = switch (raw.kind()) {
            case PHONE -> phone(value);
            case EMAIL -> EMAIL.matcher(value).matches() ? Optional.of(value.toLowerCase(Locale.ROOT)) : Optional.empty();
            case DRIVING_LICENCE -> Optional.of(value.replaceAll("\\s", "").toUpperCase(Locale.ROOT));
            case FACE_TOKEN -> Optional.of(keyedHash(value));
            default -> Optional.of(value);
        };
        if (normalised.isEmpty()) {
            violations.add(field + ".value", "not a valid " + raw.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            return Optional.empty();
        }
        return Optional.of(new IdentifierKey(raw.kind(), scope, normalised.get()));
    }

    /**
     * E.164 with China (+86) as the default country: mobile numbers are 11 digits starting with 1,
     * landlines lose their trunk prefix 0.
     */
    static Optional<String> phone(String value) {
        String compact = PHONE_DECORATION.matcher(value).replaceAll("");
        String digits;
        boolean landline = false;
        if (compact.startsWith("+")) {
            digits = compact.substring(1);
        } else if (compact.startsWith("00")) {
            digits = compact.substring(2);
        } else if (compact.startsWith("0")) {
            digits = "86" + compact.substring(1);
            landline = true;
        } else if (compact.length() == 11 && compact.startsWith("1")) {
            digits = "86" + compact;
        } else if (compact.length() == 13 && compact.startsWith("861")) {
            digits = compact;
        } else {
            return Optional.empty();
        }
        if (!DIGITS.matcher(digits).matches() || digits.length() < 8 || digits.length() > 15 || digits.startsWith("0")) {
            return Optional.empty();
        }
        if (!landline && digits.startsWith("861") && digits.length() != 13) {
            return Optional.empty();
        }
        return Optional.of("+" + digits);
    }

    private String keyedHash(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(faceTokenKey, "HmacSHA256"));
            return "hmac:" + HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
