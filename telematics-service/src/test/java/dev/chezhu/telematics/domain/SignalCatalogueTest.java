package dev.chezhu.telematics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalCatalogueTest {

    static final SignalCatalogue SHIPPED = SignalCatalogue.fromResource("telematics/signals.csv");

    private static SignalCatalogue parse(String... lines) throws Exception {
        return SignalCatalogue.parse(new StringReader(String.join("\n", lines)));
    }

    @ParameterizedTest
    @CsvSource({
            "Vehicle.Speed, float, km/h, , ",
            "Vehicle.TraveledDistance, uint32, m, , ",
            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current, float, percent, 0, 100",
            "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages, float[], V, , ",
            "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure, uint16, kPa, , ",
            "Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure, uint16, kPa, , ",
            "Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure, uint16, kPa, , ",
            "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure, uint16, kPa, , ",
            "Vehicle.Diagnostics.DTCList, string[], '', , ",
            "Vehicle.Service.DistanceToService, float, km, , ",
            "Vehicle.Service.TimeToService, int32, s, , ",
            "Vehicle.CurrentLocation.Latitude, double, degrees, -90, 90",
            "Vehicle.CurrentLocation.Longitude, double, degrees, -180, 180" })
    void theShippedCatalogueHoldsTheCoreSignalsAsVssDefinesThem(String path, String datatype, String unit, Double min,
            Double max) {
        SignalDefinition signal = SHIPPED.find(path).orElseThrow(() -> new AssertionError(path + " missing"));
        assertEquals(datatype, signal.type().toString());
        assertEquals(unit, signal.unit());
        assertEquals(min, signal.min());
        assertEquals(max, signal.max());
    }

    @Test
    void allowedValuesAreLoadedAndAbsentSignalsAreNotInvented() {
        assertEquals(Set.of("COMBUSTION", "HYBRID", "ELECTRIC"), SHIPPED.find("Vehicle.Powertrain.Type").orElseThrow()
                .allowed());
        assertFalse(SHIPPED.find("Vehicle.OBD.DTCList").isPresent(), "VSS has no Vehicle.OBD branch");
        assertTrue(SHIPPED.size() >= 20);
    }

    @Test
    void datatypeBoundsApplyWhenVssDeclaresNoRange() {
        SignalDefinition pressure = SHIPPED.find("Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure").orElseThrow();
        assertNull(pressure.min());
        assertEquals(0, pressure.effectiveMin());
        assertEquals(65_535, pressure.effectiveMax());
    }

    @Test
    void aWellFormedFileWithCommentsIsParsed() throws Exception {
        SignalCatalogue catalogue = parse("# comment", "", SignalCatalogue.HEADER, "Vehicle.Speed,float,km/h,,,",
                "  # indented comment", "Vehicle.Powertrain.Type,string,,,,COMBUSTION|ELECTRIC");
        assertEquals(2, catalogue.size());
        assertEquals(BaseType.FLOAT, catalogue.find("Vehicle.Speed").orElseThrow().type().base());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "Vehicle.Speed,float,km/h,,;                    expected 6 comma-separated cells",
            "Vehicle.Speed,float32,km/h,,,;                 unknown VSS datatype 'float32'",
            "Vehicle.Speed,boolean[],,,,;                   boolean[] is not supported",
            "vehicle.speed,float,km/h,,,;                   is not a VSS path",
            "Vehicle.Speed,float,km/h,10,1,;                above max",
            "Vehicle.Speed,float,km/h,low,,;                is not a finite number",
            "Vehicle.Speed,float,km/h,,,FAST;               allowed values apply to strings only",
            "Vehicle.Powertrain.Type,string,,0,1,;          min/max apply to numbers only" })
    void aMalformedLineIsRefusedWithItsLineNumber(String line, String expected) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> parse(SignalCatalogue.HEADER, "Vehicle.TraveledDistance,uint32,m,,,", line));
        assertTrue(refused.getMessage().startsWith("line 3: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void duplicatesAndAMissingHeaderAreRefused() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> parse(SignalCatalogue.HEADER,
                "Vehicle.Speed,float,km/h,,,", "Vehicle.Speed,double,km/h,,,"));
        assertTrue(twice.getMessage().contains("line 3: signal Vehicle.Speed is defined twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("Vehicle.Speed,float,km/h,,,"));
        assertThrows(IllegalArgumentException.class, () -> parse("# only a comment"));
    }
}
