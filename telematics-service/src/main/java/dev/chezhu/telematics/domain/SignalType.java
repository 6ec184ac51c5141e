package dev.chezhu.telematics.domain;

import java.util.Locale;

/** A VSS datatype such as {@code uint16} or {@code float[]}. */
public record SignalType(BaseType base, boolean array) {

    /** Parses a VSS datatype; throws IllegalArgumentException for one Chezhu cannot carry. */
    public static SignalType parse(String vss) {
        String text = vss.trim().toLowerCase(Locale.ROOT);
        boolean array = text.endsWith("[]");
        String baseName = array ? text.substring(0, text.length() - 2) : text;
        BaseType base;
        try {
            base = BaseType.valueOf(baseName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown VSS datatype '" + vss + "'");
        }
        if (array && base == BaseType.BOOLEAN) {
            throw new IllegalArgumentException("boolean[] is not supported: SignalValue has no boolean list");
        }
        return new SignalType(base, array);
    }

    /** The SignalValue field a head unit must set for this type. */
    public String wireField() {
        if (array) {
            return base == BaseType.STRING ? "string_array" : "double_array";
        }
        if (base == BaseType.BOOLEAN) {
            return "bool_value";
        }
        if (base == BaseType.STRING) {
            return "string_value";
        }
        return base.integral() ? "int_value" : "double_value";
    }

    @Override
    public String toString() {
        return base.vssName() + (array ? "[]" : "");
    }
}
