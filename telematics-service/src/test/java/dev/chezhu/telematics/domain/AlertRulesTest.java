package dev.chezhu.telematics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.TelemetryValue.TextList;

class AlertRulesTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final String FL = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure";
    private static final String CELLS = "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages";

    private final AlertRules rules = new AlertRules(AlertThresholds.defaults());
    private final Map<String, String> state = new HashMap<>();
    private final List<AlertRules.Transition> transitions = new ArrayList<>();

    private void feed(SignalReading... readings) {
        AlertRules.Evaluation evaluation = rules.evaluate(state, List.of(readings));
        state.putAll(evaluation.changedState());
        transitions.addAll(evaluation.transitions());
    }

    private static SignalReading tyre(long kpa, int second) {
        return new SignalReading(FL, new IntegerValue(kpa), T.plusSeconds(second));
    }

    private static SignalReading cells(double spreadVolts, int second) {
        return new SignalReading(CELLS, new NumberList(List.of(3.70, 3.70 + spreadVolts, 3.69)), T.plusSeconds(second));
    }

    @Test
    void lowTyrePressureRaisesOnlyOnceItHeldForTheSustainTime() {
        feed(tyre(170, 0), tyre(170, 30));
        assertEquals(List.of(), transitions, "30 s is not yet sustained");
        feed(tyre(170, 60));
        assertEquals(1, transitions.size());
        AlertRules.Transition raised = transitions.get(0);
        assertEquals(AlertType.LOW_TYRE_PRESSURE, raised.type());
        assertEquals("Row1.Left", raised.subject());
        assertTrue(raised.raise());
        assertEquals(170, raised.value());
        feed(tyre(160, 120), tyre(150, 180));
        assertEquals(1, transitions.size(), "still low: no second alert");
    }

    @Test
    void aValueFlappingAroundTheThresholdRaisesNothingAndAnOpenAlertDoesNotClearInTheBand() {
        for (int s = 0; s < 600; s += 10) {
            feed(tyre(s % 20 == 0 ? 175 : 185, s));
        }
        assertEquals(List.of(), transitions, "never below 180 kPa for 60 s in a row");

        feed(tyre(170, 1000), tyre(170, 1060));
        assertEquals(1, transitions.size());
        for (int s = 1100; s < 1700; s += 10) {
            feed(tyre(s % 20 == 0 ? 175 : 195, s));
        }
        assertEquals(1, transitions.size(), "between 180 and 200 kPa (the hysteresis band) nothing clears");
        feed(tyre(230, 2000), tyre(230, 2030));
        assertEquals(1, transitions.size(), "good for 30 s is not yet sustained");
        feed(tyre(230, 2060));
        assertEquals(2, transitions.size());
        assertTrue(!transitions.get(1).raise());
    }

    @Test
    void cellImbalanceIsTheSpreadSustainedAboveTheThreshold() {
        feed(cells(0.150, 0), cells(0.150, 200));
        assertEquals(List.of(), transitions);
        feed(cells(0.020, 250), cells(0.150, 260), cells(0.150, 500));
        assertEquals(List.of(), transitions, "a good reading restarted the 5 minutes");
        feed(cells(0.150, 560));
        assertEquals(1, transitions.size());
        assertEquals(AlertType.CELL_IMBALANCE, transitions.get(0).type());
        assertEquals(160, transitions.get(0).value(), 1e-6, "highest 3.85 V minus lowest 3.69 V");
        feed(cells(0.080, 600), cells(0.080, 1200));
        assertEquals(1, transitions.size(), "80 mV is inside the band: still open");
        feed(cells(0.030, 1300), cells(0.030, 1600));
        assertEquals(2, transitions.size());
    }

    @Test
    void eachNewTroubleCodeRaisesAndClearsAfterItStayedAway() {
        feed(new SignalReading("Vehicle.Diagnostics.DTCList", new TextList(List.of("P0301")), T));
        feed(new SignalReading("Vehicle.Diagnostics.DTCList", new TextList(List.of("P0301", "U0100")), T.plusSeconds(10)));
        assertEquals(List.of("P0301", "U0100"), transitions.stream().map(AlertRules.Transition::subject).toList());
        feed(new SignalReading("Vehicle.Diagnostics.DTCList", new TextList(List.of("U0100")), T.plusSeconds(20)));
        feed(new SignalReading("Vehicle.Diagnostics.DTCList", new TextList(List.of("P0301", "U0100")), T.plusSeconds(30)));
        feed(new SignalReading("Vehicle.Diagnostics.DTCList", new TextList(List.of("U0100")), T.plusSeconds(40)));
        assertEquals(2, transitions.size(), "P0301 flickering does not clear and re-raise it");
        feed(new SignalReading("Vehicle.Diagnostics.DTCList", new TextList(List.of("U0100")), T.plusSeconds(700)));
        assertEquals(3, transitions.size());
        assertEquals("P0301", transitions.get(2).subject());
        assertTrue(!transitions.get(2).raise());
    }

    @Test
    void serviceDueRaisesOnDistanceOrTimeAndClearsOnlyWhenAllAreWellClear() {
        feed(new SignalReading("Vehicle.Service.DistanceToService", new NumberValue(5000), T),
                new SignalReading("Vehicle.Service.TimeToService", new IntegerValue(90 * 86_400), T));
        assertEquals(List.of(), transitions);
        feed(new SignalReading("Vehicle.Service.DistanceToService", new NumberValue(900), T.plusSeconds(10)));
        assertEquals(1, transitions.size());
        feed(new SignalReading("Vehicle.Service.DistanceToService", new NumberValue(1200), T.plusSeconds(20)));
        assertEquals(1, transitions.size(), "1200 km is in the band");
        feed(new SignalReading("Vehicle.Service.IsServiceDue", new BooleanValue(false), T.plusSeconds(25)),
                new SignalReading("Vehicle.Service.DistanceToService", new NumberValue(15000), T.plusSeconds(30)));
        assertEquals(2, transitions.size(), "serviced: distance reset");
        assertTrue(!transitions.get(1).raise());
    }

    @Test
    void olderObservationsThanTheLastOneSeenAreIgnored() {
        feed(tyre(170, 100), tyre(170, 160));
        assertEquals(1, transitions.size());
        feed(tyre(250, 0), tyre(250, 90));
        assertEquals(1, transitions.size(), "late, older good readings do not clear it");
    }
}
