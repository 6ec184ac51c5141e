package dev.chezhu.telematics.domain;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.TelemetryValue.TextList;
import dev.chezhu.telematics.domain.TelemetryValue.TextValue;

/**
 * One supported signal: its VSS path, datatype, unit, range and allowed values, and the check of a
 * value against them. {@code min}/{@code max} are null when VSS declares none; for arrays they bound
 * every element.
 */
public record SignalDefinition(String path, SignalType type, String unit, Double min, Double max,
        Set<String> allowed) {

    /** Longest string (and string element) kept. */
    public static final int MAX_TEXT_LENGTH = 256;
    /** Most elements an array value may have (a large pack has a few hundred cells). */
    public static final int MAX_ARRAY_LENGTH = 2048;

    public SignalDefinition {
        allowed = Set.copyOf(allowed);
    }

    /** Lower bound a value must respect: the VSS min or, failing that, the datatype's. */
    public double effectiveMin() {
        return min == null ? type.base().min() : Math.max(min, type.base().min());
    }

    /** Upper bound a value must respect: the VSS max or, failing that, the datatype's. */
    public double effectiveMax() {
        return max == null ? type.base().max() : Math.min(max, type.base().max());
    }

    /** Why the value does not fit this signal, or empty when it does. */
    public Optional<Problem> check(TelemetryValue value) {
        if (value == null) {
            return problem(RejectionReason.MISSING_VALUE, "no value set; " + path + " takes " + type.wireField());
        }
        if (!value.wireField().equals(type.wireField())) {
            return problem(RejectionReason.WRONG_TYPE, path + " is " + type + " and takes " + type.wireField()
                    + ", got " + value.wireField());
        }
        if (value instanceof NumberValue number) {
            return checkNumber(number.value(), "");
        }
        if (value instanceof IntegerValue integer) {
            return checkNumber(integer.value(), "");
        }
        if (value instanceof TextValue text) {
            return checkText(text.value(), "");
        }
        if (value instanceof NumberList list) {
            return checkList(list.values(), this::checkNumber);
        }
        if (value instanceof TextList list) {
            return checkList(list.values(), this::checkText);
        }
        if (value instanceof BooleanValue) {
            return Optional.empty();
        }
        throw new IllegalStateException("unhandled value kind " + value.getClass());
    }

    private interface ElementCheck<T> {
        Optional<Problem> check(T element, String where);
    }

    private <T> Optional<Problem> checkList(List<T> elements, ElementCheck<T> check) {
        if (elements.size() > MAX_ARRAY_LENGTH) {
            return problem(RejectionReason.TOO_LONG, path + " keeps at most " + MAX_ARRAY_LENGTH + " elements, got "
                    + elements.size());
        }
        for (int i = 0; i < elements.size(); i++) {
            Optional<Problem> problem = check.check(elements.get(i), "element " + i + ": ");
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<Problem> checkNumber(double number, String where) {
        if (!Double.isFinite(number)) {
            return problem(RejectionReason.NOT_FINITE, where + path + " must be a finite number, got " + number);
        }
        if (type.base().integral() && number != Math.rint(number)) {
            return problem(RejectionReason.WRONG_TYPE, where + path + " is " + type + ", got the fraction " + number);
        }
        double low = effectiveMin();
        double high = effectiveMax();
        if (number < low || number > high) {
            return problem(RejectionReason.OUT_OF_RANGE, where + path + " must be within [" + format(low) + ", "
                    + format(high) + "]" + (unit.isEmpty() ? "" : " " + unit) + ", got " + format(number));
        }
        return Optional.empty();
    }

    private Optional<Problem> checkText(String text, String where) {
        if (text.length() > MAX_TEXT_LENGTH) {
            return problem(RejectionReason.TOO_LONG, where + path + " keeps at most " + MAX_TEXT_LENGTH
                    + " characters, got " + text.length());
        }
        if (!allowed.isEmpty() && !allowed.contains(text)) {
            return problem(RejectionReason.NOT_ALLOWED_VALUE, where + path + " must be one of " + allowed.stream()
                    .sorted().toList() + ", got '" + text + "'");
        }
        return Optional.empty();
    }

    private static String format(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number)
                : Double.toString(number);
    }

    private static Optional<Problem> problem(RejectionReason reason, String description) {
        return Optional.of(new Problem(reason, description));
    }
}
