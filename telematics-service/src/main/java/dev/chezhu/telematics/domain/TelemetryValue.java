package dev.chezhu.telematics.domain;

import java.util.List;

/** One value of a signal as the head unit sent it: which kind is set follows the wire's oneof. */
public sealed interface TelemetryValue {

    /** The SignalValue field this kind travels in. */
    String wireField();

    record NumberValue(double value) implements TelemetryValue {
        @Override
        public String wireField() {
            return "double_value";
        }
    }

    record IntegerValue(long value) implements TelemetryValue {
        @Override
        public String wireField() {
            return "int_value";
        }
    }

    record BooleanValue(boolean value) implements TelemetryValue {
        @Override
        public String wireField() {
            return "bool_value";
        }
    }

    record TextValue(String value) implements TelemetryValue {
        @Override
        public String wireField() {
            return "string_value";
        }
    }

    record NumberList(List<Double> values) implements TelemetryValue {
        public NumberList {
            values = List.copyOf(values);
        }

        @Override
        public String wireField() {
            return "double_array";
        }
    }

    record TextList(List<String> values) implements TelemetryValue {
        public TextList {
            values = List.copyOf(values);
        }

        @Override
        public String wireField() {
            return "string_array";
        }
    }
}
