package dev.chezhu.telematics.domain;

import java.util.Locale;

/**
 * The scalar VSS datatypes and the range each one can hold. Integer types wider than 53 bits are
 * limited to ±2^53: values are kept as double precision, which is exact only up to there.
 */
public enum BaseType {
    BOOLEAN(false, 0, 0),
    STRING(false, 0, 0),
    INT8(true, Byte.MIN_VALUE, Byte.MAX_VALUE),
    UINT8(true, 0, 255),
    INT16(true, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16(true, 0, 65_535),
    INT32(true, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32(true, 0, 4_294_967_295L),
    INT64(true, -BaseType.EXACT_LIMIT, BaseType.EXACT_LIMIT),
    UINT64(true, 0, BaseType.EXACT_LIMIT),
    FLOAT(false, -Float.MAX_VALUE, Float.MAX_VALUE),
    DOUBLE(false, -Double.MAX_VALUE, Double.MAX_VALUE);

    /** 2^53: the largest integer range a double holds without loss. */
    static final long EXACT_LIMIT = 1L << 53;

    private final boolean integral;
    private final double min;
    private final double max;

    BaseType(boolean integral, double min, double max) {
        this.integral = integral;
        this.min = min;
        this.max = max;
    }

    public boolean integral() {
        return integral;
    }

    public boolean numeric() {
        return this != BOOLEAN && this != STRING;
    }

    /** Smallest value the type holds (numeric types only). */
    public double min() {
        return min;
    }

    /** Largest value the type holds (numeric types only). */
    public double max() {
        return max;
    }

    /** The VSS spelling: {@code uint16}, {@code float}. */
    public String vssName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
