package dev.chezhu.telematics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BatteryHealthTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static List<SignalAggregate> daily(double first, double perDay, int days) {
        return IntStream.range(0, days).mapToObj(d -> {
            double soh = first + perDay * d;
            return new SignalAggregate(T.plusSeconds(86_400L * d), soh, soh, soh, 1);
        }).toList();
    }

    @Test
    void aCarWithoutAnyBatteryDataGetsInsufficientDataNotAnError() {
        BatteryHealth.Report report = BatteryHealth.assess("V", T, null, List.of(), null, null, List.of());
        assertEquals(BatteryHealth.Grade.INSUFFICIENT_DATA, report.grade());
        assertEquals(null, report.meanDailySpreadMv());
        BatteryHealth.Report sohOnly = BatteryHealth.assess("V", T, 88.0, List.of(), List.of(), null, List.of());
        assertEquals(BatteryHealth.Grade.INSUFFICIENT_DATA, sohOnly.grade());
    }

    @Test
    void theSlopeIsInPointsPerYear() {
        assertEquals(-3.6525, BatteryHealth.slopePerYear(daily(90, -0.01, 30)), 1e-6);
        assertEquals(0, BatteryHealth.slopePerYear(daily(90, 0, 1)));
    }

    @Test
    void gradesFollowStateOfHealthSpreadAndTrend() {
        List<Double> balanced = List.of(3.70, 3.71, 3.69);
        assertEquals(BatteryHealth.Grade.A, BatteryHealth.assess("V", T, 85.0, daily(85, 0, 10), balanced, null,
                List.of()).grade());
        assertEquals(BatteryHealth.Grade.B, BatteryHealth.assess("V", T, 85.0, daily(90, -0.05, 60), balanced, null,
                List.of()).grade(), "losing 18 points a year is no A");
        assertEquals(BatteryHealth.Grade.C, BatteryHealth.assess("V", T, 75.0, List.of(), List.of(3.70, 3.78), null,
                List.of()).grade());
        assertEquals(BatteryHealth.Grade.D, BatteryHealth.assess("V", T, 55.0, List.of(), balanced, null,
                List.of()).grade());
        assertEquals(BatteryHealth.Grade.B, BatteryHealth.assess("V", T, 85.0, List.of(), balanced, null,
                List.of(new SignalAggregate(T, 40, 60, 50, 10))).grade(), "a usually unbalanced pack is no A");
        assertEquals(BatteryHealth.Grade.INSUFFICIENT_DATA, BatteryHealth.assess("V", T, null, List.of(), balanced,
                null, List.of()).grade());
        assertEquals(BatteryHealth.Grade.A, BatteryHealth.assess("V", T, 90.0, List.of(), null, 12.0, List.of()).grade(),
                "CellVoltage.Max - Min stands in for the array");
    }
}
