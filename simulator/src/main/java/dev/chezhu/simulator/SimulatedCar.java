package dev.chezhu.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.protobuf.Timestamp;

import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.DoubleArray;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.StringArray;

/**
 * One car with plausible physics: trips of city and highway driving between parked spells, an
 * odometer that follows speed, a battery that drains while driving and charges when low, tyres that
 * may leak, cells of which one may drift, a service interval counting down, and rare trouble codes.
 * Its {@link Population.CarProfile} says which of these troubles it has; its seed makes it repeatable.
 */
final class SimulatedCar {

    static final String[] TROUBLE_CODES = { "P0420", "P0171", "U0100", "B1318", "C0035" };
    private static final int CELLS = 96;
    private static final double BATTERY_KWH = 75;
    private static final int DRIFTING_CELL = 17;

    enum Mode {
        PARKED, CITY, HIGHWAY
    }

    final String vin;
    final String model;
    private final Random random;
    private final Population.CarProfile profile;
    private Mode mode = Mode.PARKED;
    private double modeSecondsLeft;
    private double speedKmh;
    private long odometerMetres;
    private double soc;
    private double distanceToServiceKm;
    private final double[] tyresKpa = { 240, 240, 240, 240 };
    private final double[] cells = new double[CELLS];
    private final List<String> troubleCodes = new ArrayList<>();
    private double latitude;
    private double longitude;

    SimulatedCar(String vin, String model, long seed, Population.CarProfile profile) {
        this.vin = vin;
        this.model = model;
        this.random = new Random(seed);
        this.profile = profile;
        this.odometerMetres = 5_000_000L + random.nextInt(60_000_000);
        this.soc = 40 + random.nextInt(55);
        this.distanceToServiceKm = profile.serviceDueInKm();
        this.latitude = 31.0 + random.nextDouble();
        this.longitude = 121.0 + random.nextDouble();
        for (int i = 0; i < CELLS; i++) {
            cells[i] = 3.70 + random.nextGaussian() * 0.004;
        }
        if (profile.leakyTyre()) {
            tyresKpa[0] = 196; // a slow puncture that has been losing air for days
        }
        if (profile.driftingCell()) {
            cells[DRIFTING_CELL] = 3.70 - 0.095; // a cell that has drifted for months, about to cross 100 mV
        }
        // most cars start their first trip within a minute or two, so a short run sees them drive
        this.modeSecondsLeft = 10 + random.nextInt(120);
    }

    long odometerKm() {
        return odometerMetres / 1000;
    }

    double soc() {
        return soc;
    }

    double tyreKpa(int wheel) {
        return tyresKpa[wheel];
    }

    /** Highest minus lowest cell voltage, in millivolts. */
    double cellSpreadMillivolts() {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double cell : cells) {
            min = Math.min(min, cell);
            max = Math.max(max, cell);
        }
        return (max - min) * 1000;
    }

    List<String> troubleCodes() {
        return List.copyOf(troubleCodes);
    }

    /** The dealer's service resets the interval. */
    void serviced() {
        distanceToServiceKm = 15_000;
        troubleCodes.clear();
        if (profile.leakyTyre()) {
            tyresKpa[0] = 240;
        }
    }

    Mode mode() {
        return mode;
    }

    double distanceToServiceKm() {
        return distanceToServiceKm;
    }

    /** Advances the car by {@code step} of simulated time and reports what its sensors read at {@code at}. */
    List<Datapoint> advance(Duration step, Instant at) {
        double seconds = step.toMillis() / 1000.0;
        modeSecondsLeft -= seconds;
        if (modeSecondsLeft <= 0) {
            mode = switch (mode) {
                case PARKED -> random.nextDouble() < 0.6 ? Mode.CITY : Mode.HIGHWAY;
                case CITY -> random.nextDouble() < 0.3 ? Mode.HIGHWAY : Mode.PARKED;
                case HIGHWAY -> random.nextDouble() < 0.5 ? Mode.CITY : Mode.PARKED;
            };
            modeSecondsLeft = mode == Mode.PARKED ? 120 + random.nextInt(900) : 300 + random.nextInt(1500);
        }
        double target = switch (mode) {
            case PARKED -> 0;
            case CITY -> 25 + random.nextInt(35);
            case HIGHWAY -> 90 + random.nextInt(30);
        };
        speedKmh = Math.max(0, speedKmh + (target - speedKmh) * Math.min(1, seconds / 20) + random.nextGaussian() * 2);
        if (mode == Mode.PARKED && speedKmh < 3) {
            speedKmh = 0;
        }
        double metres = speedKmh / 3.6 * seconds;
        odometerMetres += Math.round(metres);
        distanceToServiceKm = Math.max(0, distanceToServiceKm - metres / 1000);
        double kwh = metres / 1000 * (mode == Mode.HIGHWAY ? 0.19 : 0.15);
        soc = Math.max(3, soc - kwh / BATTERY_KWH * 100);
        if (mode == Mode.PARKED && soc < 30) {
            soc = Math.min(95, soc + 11 * seconds / 3600 / BATTERY_KWH * 100); // 11 kW AC charging
        }
        latitude += metres / 111_000 * (random.nextDouble() - 0.5);
        longitude += metres / 95_000 * (random.nextDouble() - 0.5);
        if (profile.leakyTyre()) {
            tyresKpa[0] = Math.max(150, tyresKpa[0] - 0.05 * seconds);
        }
        if (profile.driftingCell()) {
            cells[DRIFTING_CELL] = Math.max(3.2, cells[DRIFTING_CELL] - 0.00002 * seconds);
        }
        if (mode != Mode.PARKED && random.nextDouble() < seconds * profile.troublesPerHour() / 3600) {
            String code = TROUBLE_CODES[random.nextInt(TROUBLE_CODES.length)];
            if (!troubleCodes.contains(code)) {
                troubleCodes.add(code);
            }
        }

        Timestamp time = Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
        List<Datapoint> points = new ArrayList<>();
        points.add(point("Vehicle.Speed", number(round(speedKmh, 1)), time));
        points.add(point("Vehicle.TraveledDistance", integer(odometerMetres), time));
        points.add(point("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", number(round(soc, 2)), time));
        points.add(point("Vehicle.Service.DistanceToService", number(round(distanceToServiceKm, 1)), time));
        points.add(point("Vehicle.CurrentLocation.Latitude", number(round(latitude, 6)), time));
        points.add(point("Vehicle.CurrentLocation.Longitude", number(round(longitude, 6)), time));
        if (at.getEpochSecond() % 60 < seconds) {
            // slow signals once a minute of simulated time
            String[] wheels = { "Row1.Wheel.Left", "Row1.Wheel.Right", "Row2.Wheel.Left", "Row2.Wheel.Right" };
            for (int i = 0; i < 4; i++) {
                points.add(point("Vehicle.Chassis.Axle." + wheels[i] + ".Tire.Pressure",
                        integer(Math.round(tyresKpa[i])), time));
            }
            DoubleArray.Builder voltages = DoubleArray.newBuilder();
            for (double cell : cells) {
                voltages.addValues(round(cell + random.nextGaussian() * 0.001, 4));
            }
            points.add(point("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages",
                    SignalValue.newBuilder().setDoubleArray(voltages).build(), time));
            points.add(point("Vehicle.Diagnostics.DTCList",
                    SignalValue.newBuilder().setStringArray(StringArray.newBuilder().addAllValues(troubleCodes)).build(),
                    time));
        }
        return points;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static SignalValue number(double value) {
        return SignalValue.newBuilder().setDoubleValue(value).build();
    }

    private static SignalValue integer(long value) {
        return SignalValue.newBuilder().setIntValue(value).build();
    }

    private static Datapoint point(String signal, SignalValue value, Timestamp time) {
        return Datapoint.newBuilder().setSignal(signal).setValue(value).setObserveTime(time).build();
    }
}
