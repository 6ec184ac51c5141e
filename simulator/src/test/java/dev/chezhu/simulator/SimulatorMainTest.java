package dev.chezhu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals(Duration.ofSeconds(60), SimulatorMain.duration("60s"));
        assertEquals(Duration.ofSeconds(45), SimulatorMain.duration("45"));
        assertEquals(Duration.ofMinutes(2), SimulatorMain.duration("2m"));
        assertEquals(Duration.ofMillis(1500), SimulatorMain.duration("1500ms"));
    }

    @Test
    void fleetFlagsWithDefaults() {
        FleetRun.Options options = SimulatorMain.fleetOptions(
                SimulatorMain.flags(new String[] { "fleet", "--vehicles", "40", "--seed", "7", "--run", "Bench1" }), "12");
        assertEquals(40, options.vehicles());
        assertEquals(7, options.seed());
        assertEquals(Duration.ofSeconds(60), options.duration());
        assertEquals(10, options.speedup());
        assertEquals("bench1", options.namespace());
        assertEquals(12, SimulatorMain.fleetOptions(Map.of(), "12").vehicles());
    }
}
