package dev.chezhu.telematics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;

class LatestReadingsTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static SignalReading speed(double kmh, Instant at) {
        return new SignalReading("Vehicle.Speed", new NumberValue(kmh), at);
    }

    @Test
    void theNewestReadingOfEachSignalSurvivesWhateverTheOrder() {
        SignalReading soc = new SignalReading("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
                new NumberValue(80), T);
        List<SignalReading> latest = List.copyOf(LatestReadings.of(List.of(
                speed(30, T.plusSeconds(2)), soc, speed(10, T), speed(20, T.plusSeconds(1)))));
        assertEquals(List.of(speed(30, T.plusSeconds(2)), soc), latest);
    }

    @Test
    void onATieTheLaterDatapointInTheBatchWins() {
        assertEquals(List.of(speed(2, T)), List.copyOf(LatestReadings.of(List.of(speed(1, T), speed(2, T)))));
    }
}
