package dev.chezhu.telematics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.TelemetryValue.TextList;
import dev.chezhu.telematics.domain.TelemetryValue.TextValue;

class SignalDefinitionTest {

    private static SignalDefinition signal(String path) {
        return SignalCatalogueTest.SHIPPED.find(path).orElseThrow();
    }

    private static RejectionReason reason(String path, TelemetryValue value) {
        Optional<Problem> problem = signal(path).check(value);
        return problem.map(Problem::reason).orElse(null);
    }

    @Test
    void valuesOfTheRightKindWithinRangePass() {
        assertEquals(null, reason("Vehicle.Speed", new NumberValue(87.5)));
        assertEquals(null, reason("Vehicle.Speed", new NumberValue(-3)), "VSS gives speed no range: reversing is fine");
        assertEquals(null, reason("Vehicle.TraveledDistance", new IntegerValue(4_294_967_295L)));
        assertEquals(null, reason("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", new NumberValue(100)));
        assertEquals(null, reason("Vehicle.Powertrain.TractionBattery.Charging.IsCharging", new BooleanValue(true)));
        assertEquals(null, reason("Vehicle.Powertrain.Type", new TextValue("ELECTRIC")));
        assertEquals(null, reason("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages",
                new NumberList(List.of(3.71, 3.72, 3.69))));
        assertEquals(null, reason("Vehicle.Diagnostics.DTCList", new TextList(List.of("P0301", "U0100"))));
        assertEquals(null, reason("Vehicle.Service.TimeToService", new IntegerValue(-86_400)), "overdue is negative");
    }

    @Test
    void theValueKindMustFollowTheDatatype() {
        assertEquals(RejectionReason.WRONG_TYPE, reason("Vehicle.Speed", new IntegerValue(80)));
        assertEquals(RejectionReason.WRONG_TYPE, reason("Vehicle.TraveledDistance", new NumberValue(1000)));
        assertEquals(RejectionReason.WRONG_TYPE, reason("Vehicle.Diagnostics.DTCList", new TextValue("P0301")));
        assertEquals(RejectionReason.WRONG_TYPE, reason("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages",
                new NumberValue(3.7)));
        assertEquals(RejectionReason.MISSING_VALUE, reason("Vehicle.Speed", null));
        Problem problem = signal("Vehicle.Speed").check(new TextValue("fast")).orElseThrow();
        assertTrue(problem.description().contains("takes double_value, got string_value"), problem.description());
    }

    @Test
    void nonFiniteNumbersAreRefusedAlsoInsideArrays() {
        assertEquals(RejectionReason.NOT_FINITE, reason("Vehicle.Speed", new NumberValue(Double.NaN)));
        assertEquals(RejectionReason.NOT_FINITE, reason("Vehicle.CurrentLocation.Latitude",
                new NumberValue(Double.POSITIVE_INFINITY)));
        assertEquals(RejectionReason.NOT_FINITE, reason("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages",
                new NumberList(List.of(3.7, Double.NaN))));
    }

    @Test
    void vssRangesAndDatatypeRangesAreEnforced() {
        assertEquals(RejectionReason.OUT_OF_RANGE, reason("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
                new NumberValue(100.01)));
        assertEquals(RejectionReason.OUT_OF_RANGE, reason("Vehicle.CurrentLocation.Latitude", new NumberValue(-90.5)));
        assertEquals(RejectionReason.OUT_OF_RANGE, reason("Vehicle.CurrentLocation.Longitude", new NumberValue(180.1)));
        assertEquals(RejectionReason.OUT_OF_RANGE, reason("Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure",
                new IntegerValue(-1)), "uint16 holds no negative pressure");
        assertEquals(RejectionReason.OUT_OF_RANGE, reason("Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure",
                new IntegerValue(65_536)));
        assertEquals(RejectionReason.OUT_OF_RANGE, reason("Vehicle.TraveledDistance", new IntegerValue(4_294_967_296L)));
        assertEquals(RejectionReason.OUT_OF_RANGE, reason("Vehicle.Speed", new NumberValue(1e39)),
                "beyond what a VSS float holds");
        Problem problem = signal("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current")
                .check(new NumberValue(120)).orElseThrow();
        assertEquals("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current must be within [0, 100] percent, got 120",
                problem.description());
    }

    @Test
    void stringsAreCheckedAgainstAllowedValuesAndLength() {
        assertEquals(RejectionReason.NOT_ALLOWED_VALUE, reason("Vehicle.Powertrain.Type", new TextValue("electric")));
        assertEquals(RejectionReason.TOO_LONG, reason("Vehicle.Diagnostics.DTCList",
                new TextList(List.of("P0301", "P".repeat(SignalDefinition.MAX_TEXT_LENGTH + 1)))));
    }

    @Test
    void arraysAreBoundedInLength() {
        List<Double> cells = Collections.nCopies(SignalDefinition.MAX_ARRAY_LENGTH, 3.7);
        assertEquals(null, reason("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages", new NumberList(cells)));
        List<Double> tooMany = Collections.nCopies(SignalDefinition.MAX_ARRAY_LENGTH + 1, 3.7);
        assertEquals(RejectionReason.TOO_LONG, reason("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages",
                new NumberList(tooMany)));
    }

    @Test
    void integerArraysTravelAsDoublesButMustBeWholeNumbers() {
        SignalDefinition ids = new SignalDefinition("Vehicle.Test.Ids", SignalType.parse("uint8[]"), "", null, null,
                java.util.Set.of());
        assertEquals("double_array", ids.type().wireField());
        assertTrue(ids.check(new NumberList(List.of(1.0, 255.0))).isEmpty());
        assertEquals(RejectionReason.WRONG_TYPE, ids.check(new NumberList(List.of(1.5))).orElseThrow().reason());
        assertEquals(RejectionReason.OUT_OF_RANGE, ids.check(new NumberList(List.of(256.0))).orElseThrow().reason());
    }
}
