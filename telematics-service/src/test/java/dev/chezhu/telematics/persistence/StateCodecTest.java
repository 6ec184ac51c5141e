package dev.chezhu.telematics.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.TelemetryValue;
import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.TelemetryValue.TextList;
import dev.chezhu.telematics.domain.TelemetryValue.TextValue;

class StateCodecTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456Z");

    @Test
    void everyKindOfValueSurvivesTheRoundTrip() {
        for (TelemetryValue value : List.of(new NumberValue(-12.345678901234), new NumberValue(1e-300),
                new IntegerValue(4_294_967_295L), new IntegerValue(-86_400), new BooleanValue(true),
                new BooleanValue(false), new TextValue("THREE_D|with bar: and colon"), new TextValue(""),
                new NumberList(List.of(3.71, 3.72, 0.1 + 0.2)), new NumberList(List.of()),
                new TextList(List.of("P0301", "U0100", "quote\"d")))) {
            SignalReading reading = new SignalReading("Vehicle.X", value, AT);
            assertEquals(reading, StateCodec.decode("Vehicle.X", StateCodec.encode(reading)), value.toString());
        }
    }

    @Test
    void theFormIsCompactAndStartsWithTheObserveTimeInMicroseconds() {
        assertEquals("1795600800123456|d:12.5", StateCodec.encode(new SignalReading("Vehicle.Speed",
                new NumberValue(12.5), AT)));
        assertEquals("1795600800123456|D:[3.71,3.72]", StateCodec.encode(new SignalReading("Vehicle.X",
                new NumberList(List.of(3.71, 3.72)), AT)));
        assertEquals(AT, StateCodec.instant(StateCodec.micros(AT)));
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StateCodec.decode("Vehicle.X", "12.5"));
        assertThrows(IllegalArgumentException.class, () -> StateCodec.decode("Vehicle.X", "1|x:1"));
    }

    @Test
    void copyRowsHaveOneValueColumnEachAndEscapeText() {
        String text = CopyTelemetryWriter.copyText("VIN", "boot\t1", 7, List.of(
                new SignalReading("Vehicle.Speed", new NumberValue(12.5), AT),
                new SignalReading("Vehicle.TraveledDistance", new IntegerValue(1000), AT),
                new SignalReading("Vehicle.Service.IsServiceDue", new BooleanValue(true), AT),
                new SignalReading("Vehicle.Powertrain.Type", new TextValue("a\\b\nc"), AT),
                new SignalReading("Vehicle.Diagnostics.DTCList", new TextList(List.of("P0301")), AT)));
        String[] rows = text.split("\n");
        assertEquals(5, rows.length);
        assertEquals("VIN\tVehicle.Speed\t2026-11-25T10:00:00.123456Z\t12.5\t\\N\t\\N\t\\N\tboot\\t1\t7", rows[0]);
        assertEquals("1000", rows[1].split("\t")[3]);
        assertEquals("t", rows[2].split("\t")[4]);
        assertEquals("a\\\\b\\nc", rows[3].split("\t")[5]);
        assertEquals("[\"P0301\"]", rows[4].split("\t")[6]);
        for (String row : rows) {
            assertEquals(9, row.split("\t", -1).length, row);
        }
    }
}
