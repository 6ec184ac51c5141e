package dev.chezhu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.telematics.v1.Datapoint;

class SimulatedCarTest {

    private static final Population.CarProfile HEALTHY = new Population.CarProfile(8000, false, false, 0);
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void theSameSeedDrivesTheSameTrip() {
        SimulatedCar a = new SimulatedCar("LSVAAAAAAAAAAAAAA", "GL8", 9, HEALTHY);
        SimulatedCar b = new SimulatedCar("LSVAAAAAAAAAAAAAA", "GL8", 9, HEALTHY);
        for (int i = 0; i < 600; i++) {
            assertEquals(a.advance(Duration.ofSeconds(1), T0.plusSeconds(i)), b.advance(Duration.ofSeconds(1), T0.plusSeconds(i)));
        }
    }

    @Test
    void odometerNeverGoesBackAndTheServiceIntervalCountsDownWithIt() {
        SimulatedCar car = new SimulatedCar("LSVAAAAAAAAAAAAAA", "GL8", 3, HEALTHY);
        long odometer = car.odometerKm();
        double due = car.distanceToServiceKm();
        long startKm = odometer;
        for (int i = 0; i < 3600; i++) {
            car.advance(Duration.ofSeconds(1), T0.plusSeconds(i));
            assertTrue(car.odometerKm() >= odometer);
            assertTrue(car.soc() >= 3 && car.soc() <= 100, "state of charge stays in range");
            odometer = car.odometerKm();
        }
        assertTrue(odometer > startKm, "an hour includes some driving");
        assertEquals(due - (odometer - startKm), car.distanceToServiceKm(), 1.0);
    }

    @Test
    void aLeakyTyreCrossesTheLowPressureThresholdWithinTenMinutes() {
        SimulatedCar car = new SimulatedCar("LSVAAAAAAAAAAAAAA", "GL8", 3, new Population.CarProfile(8000, true, false, 0));
        for (int i = 0; i < 600; i++) {
            car.advance(Duration.ofSeconds(1), T0.plusSeconds(i));
        }
        assertTrue(car.tyreKpa(0) < 180, "below the 180 kPa alert threshold: " + car.tyreKpa(0));
        assertEquals(240, car.tyreKpa(1), 0.001);
        car.serviced();
        assertEquals(240, car.tyreKpa(0), 0.001);
        assertEquals(15_000, car.distanceToServiceKm(), 0.001);
    }

    @Test
    void theDriftingCellKeepsThePackOverOneHundredMillivoltsAndGrowing() {
        SimulatedCar drifting = new SimulatedCar("LSVAAAAAAAAAAAAAA", "GL8", 3, new Population.CarProfile(8000, false, true, 0));
        SimulatedCar healthy = new SimulatedCar("LSVAAAAAAAAAAAAAA", "GL8", 3, HEALTHY);
        double before = drifting.cellSpreadMillivolts();
        for (int i = 0; i < 600; i++) {
            drifting.advance(Duration.ofSeconds(1), T0.plusSeconds(i));
        }
        assertTrue(before > 100, "over the 100 mV threshold: " + before);
        assertTrue(drifting.cellSpreadMillivolts() > before + 10, "and drifting further");
        assertTrue(healthy.cellSpreadMillivolts() < 40, "a healthy pack is balanced: " + healthy.cellSpreadMillivolts());
    }

    @Test
    void slowSignalsComeOnceASimulatedMinuteAndTroubleCodesOnlyWhileDriving() {
        SimulatedCar car = new SimulatedCar("LSVAAAAAAAAAAAAAA", "GL8", 5, new Population.CarProfile(8000, false, false, 600));
        int slow = 0;
        for (int i = 0; i < 1200; i++) {
            List<Datapoint> points = car.advance(Duration.ofSeconds(1), T0.plusSeconds(i));
            if (points.stream().anyMatch(p -> p.getSignal().equals("Vehicle.Diagnostics.DTCList"))) {
                slow++;
            }
        }
        assertEquals(20, slow);
        assertTrue(!car.troubleCodes().isEmpty(), "at 600 per hour of driving, twenty minutes bring a code");
        assertTrue(List.of(SimulatedCar.TROUBLE_CODES).containsAll(car.troubleCodes()));
    }
}
