package dev.chezhu.loyalty.domain;

import java.security.SecureRandom;

/**
 * Coupon codes from a pattern: every {@code X} is one character drawn from the alphabet with a
 * cryptographically strong random source, anything else is kept as is (e.g. {@code CZ-XXXX-XXXX-XXXX}).
 * A pattern must carry at least {@link #MIN_BITS} bits of randomness, so codes cannot be guessed
 * (and collide with negligible probability; the unique key catches it anyway).
 */
public final class CouponCodes {

    public static final int MIN_BITS = 60;
    public static final char PLACEHOLDER = 'X';

    private final String alphabet;
    private final String defaultPattern;
    private final SecureRandom random = new SecureRandom();

    public CouponCodes(String alphabet, String defaultPattern) {
        if (alphabet.length() < 16 || alphabet.chars().distinct().count() != alphabet.length()
                || !alphabet.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("the code alphabet needs 16+ distinct characters of [A-Z0-9]");
        }
        this.alphabet = alphabet;
        this.defaultPattern = defaultPattern;
        if (entropyBits(defaultPattern) < MIN_BITS) {
            throw new IllegalArgumentException("the default code pattern carries fewer than " + MIN_BITS + " bits");
        }
    }

    public String defaultPattern() {
        return defaultPattern;
    }

    /** Bits of randomness in codes of this pattern. */
    public double entropyBits(String pattern) {
        long placeholders = pattern.chars().filter(c -> c == PLACEHOLDER).count();
        return placeholders * Math.log(alphabet.length()) / Math.log(2);
    }

    /** Why a pattern cannot be used, or null when it can. */
    public String problem(String pattern) {
        if (!pattern.matches("[A-Z0-9-]{8,64}")) {
            return "8-64 characters of [A-Z0-9-], X for a random character";
        }
        double bits = entropyBits(pattern);
        if (bits < MIN_BITS) {
            return String.format(java.util.Locale.ROOT, "carries %.0f bits of randomness, at least %d are needed "
                    + "(each X is %.1f bits)", bits, MIN_BITS, Math.log(alphabet.length()) / Math.log(2));
        }
        return null;
    }

    public String generate(String pattern) {
        StringBuilder code = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            code.append(c == PLACEHOLDER ? alphabet.charAt(random.nextInt(alphabet.length())) : c);
        }
        return code.toString();
    }
}
