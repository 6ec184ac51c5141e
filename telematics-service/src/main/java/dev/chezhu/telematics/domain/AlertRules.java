package dev.chezhu.telematics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.TelemetryValue.TextList;

/**
 * The alert rules, as pure logic over a vehicle's stored readings and its rule state. Each condition
 * (type + subject) is a small state machine driven by observations in observe-time order:
 *
 * <pre>
 * OK --bad--> PENDING_RAISE --bad, held for raise time--> RAISED --good--> PENDING_CLEAR --good, held--> OK
 *              \--good or in band--> OK                          PENDING_CLEAR --bad or in band--> RAISED
 * </pre>
 *
 * "bad" is past the raise threshold, "good" past the (different) clear threshold; values in between
 * change nothing. With a hold time of zero the step is immediate. Observations older than the last
 * one a condition saw are ignored. The state is a map of strings (kept in Redis per vehicle).
 */
public final class AlertRules {

    public enum Phase { OK, PENDING_RAISE, RAISED, PENDING_CLEAR }

    enum Status { BAD, GOOD, NEUTRAL }

    /** A condition's state: phase, when the pending step began, the last observe time seen, the last value. */
    public record ConditionState(Phase phase, long sinceMicros, long lastAtMicros, double value) {

        static final ConditionState INITIAL = new ConditionState(Phase.OK, 0, Long.MIN_VALUE, 0);

        String encode() {
            return phase + "|" + sinceMicros + "|" + lastAtMicros + "|" + value;
        }

        static ConditionState decode(String text) {
            if (text == null) {
                return INITIAL;
            }
            String[] parts = text.split("\\|");
            return new ConditionState(Phase.valueOf(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    Double.parseDouble(parts[3]));
        }
    }

    /** An alert to open or close. */
    public record Transition(AlertType type, String subject, boolean raise, Instant at, double value,
            String description) {
    }

    /** The state fields that changed, and the alerts to open or close, in order. */
    public record Evaluation(Map<String, String> changedState, List<Transition> transitions) {
    }

    private record Observation(AlertType type, String subject, Status status, Instant at, double value) {
    }

    static final String SERVICE_DISTANCE = "Vehicle.Service.DistanceToService";
    static final String SERVICE_TIME = "Vehicle.Service.TimeToService";
    static final String SERVICE_FLAG = "Vehicle.Service.IsServiceDue";
    static final String DTC_LIST = "Vehicle.Diagnostics.DTCList";
    static final String CELL_VOLTAGES = "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages";
    private static final Pattern TYRE = Pattern.compile(
            "^Vehicle\\.Chassis\\.Axle\\.(Row[0-9]+)\\.Wheel\\.(Left|Right)\\.Tire\\.(Pressure|IsPressureLow)$");
    private static final String SUB = "SERVICE_DUE.sub|";

    private final AlertThresholds thresholds;

    public AlertRules(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** Whether a signal feeds any rule (batches without such signals skip the rule engine). */
    public static boolean relevant(String signal) {
        return signal.equals(SERVICE_DISTANCE) || signal.equals(SERVICE_TIME) || signal.equals(SERVICE_FLAG)
                || signal.equals(DTC_LIST) || signal.equals(CELL_VOLTAGES) || TYRE.matcher(signal).matches();
    }

    static String key(AlertType type, String subject) {
        return type.name() + "|" + subject;
    }

    public Evaluation evaluate(Map<String, String> state, List<SignalReading> readings) {
        Map<String, String> current = new HashMap<>(state);
        Map<String, String> changed = new LinkedHashMap<>();
        List<Transition> transitions = new ArrayList<>();
        List<SignalReading> ordered = new ArrayList<>(readings);
        ordered.sort(Comparator.comparing(SignalReading::observedAt));
        for (SignalReading reading : ordered) {
            for (Observation observation : observe(reading, current, changed)) {
                String key = key(observation.type(), observation.subject());
                ConditionState before = ConditionState.decode(current.get(key));
                long at = micros(observation.at());
                if (at < before.lastAtMicros()) {
                    continue;
                }
                ConditionState after = step(before, observation, at, transitions);
                if (!after.equals(before)) {
                    current.put(key, after.encode());
                    changed.put(key, after.encode());
                }
            }
        }
        return new Evaluation(changed, transitions);
    }

    private List<Observation> observe(SignalReading reading, Map<String, String> current, Map<String, String> changed) {
        String signal = reading.signal();
        Instant at = reading.observedAt();
        TelemetryValue value = reading.value();
        Matcher tyre = TYRE.matcher(signal);
        if (tyre.matches()) {
            String wheel = tyre.group(1) + "." + tyre.group(2);
            if (tyre.group(3).equals("Pressure")) {
                double kpa = number(value);
                Status status = kpa < thresholds.lowTyreKpa() ? Status.BAD
                        : kpa >= thresholds.tyreClearKpa() ? Status.GOOD : Status.NEUTRAL;
                return List.of(new Observation(AlertType.LOW_TYRE_PRESSURE, wheel, status, at, kpa));
            }
            boolean low = value instanceof BooleanValue b && b.value();
            return List.of(new Observation(AlertType.LOW_TYRE_PRESSURE, wheel, low ? Status.BAD : Status.NEUTRAL, at, 0));
        }
        if (signal.equals(CELL_VOLTAGES) && value instanceof NumberList cells && cells.values().size() >= 2) {
            double spread = spreadMillivolts(cells.values());
            Status status = spread > thresholds.cellSpreadRaiseMv() ? Status.BAD
                    : spread < thresholds.cellSpreadClearMv() ? Status.GOOD : Status.NEUTRAL;
            return List.of(new Observation(AlertType.CELL_IMBALANCE, "", status, at, spread));
        }
        if (signal.equals(SERVICE_DISTANCE) || signal.equals(SERVICE_TIME) || signal.equals(SERVICE_FLAG)) {
            return serviceObservation(signal, value, at, current, changed);
        }
        if (signal.equals(DTC_LIST) && value instanceof TextList list) {
            List<Observation> observations = new ArrayList<>();
            List<String> codes = list.values().stream().map(c -> c.strip().toUpperCase(Locale.ROOT))
                    .filter(c -> !c.isEmpty()).distinct().sorted().toList();
            for (String code : codes) {
                observations.add(new Observation(AlertType.DTC, code, Status.BAD, at, 0));
            }
            String prefix = AlertType.DTC.name() + "|";
            current.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                    .filter(code -> !codes.contains(code)).sorted().toList()
                    .forEach(code -> observations.add(new Observation(AlertType.DTC, code, Status.GOOD, at, 0)));
            return observations;
        }
        return List.of();
    }

    /** The service condition is bad when any of distance, time or the car's own flag is; good when all known are. */
    private List<Observation> serviceObservation(String signal, TelemetryValue value, Instant at,
            Map<String, String> current, Map<String, String> changed) {
        String sub;
        Status status;
        double shown;
        if (signal.equals(SERVICE_DISTANCE)) {
            double km = number(value);
            sub = "distance";
            shown = km;
            status = km < thresholds.serviceDistanceKm() ? Status.BAD
                    : km >= thresholds.serviceDistanceClearKm() ? Status.GOOD : Status.NEUTRAL;
        } else if (signal.equals(SERVICE_TIME)) {
            double seconds = number(value);
            sub = "time";
            shown = seconds;
            status = seconds < thresholds.serviceTime().toSeconds() ? Status.BAD
                    : seconds >= thresholds.serviceTimeClear().toSeconds() ? Status.GOOD : Status.NEUTRAL;
        } else {
            boolean due = value instanceof BooleanValue b && b.value();
            sub = "flag";
            shown = due ? 1 : 0;
            status = due ? Status.BAD : Status.GOOD;
        }
        if (!status.name().equals(current.get(SUB + sub))) {
            current.put(SUB + sub, status.name());
            changed.put(SUB + sub, status.name());
        }
        boolean anyBad = false;
        boolean allGood = true;
        for (String part : List.of("distance", "time", "flag")) {
            String known = current.get(SUB + part);
            if (known == null) {
                continue;
            }
            anyBad |= known.equals(Status.BAD.name());
            allGood &= known.equals(Status.GOOD.name());
        }
        Status combined = anyBad ? Status.BAD : allGood ? Status.GOOD : Status.NEUTRAL;
        return List.of(new Observation(AlertType.SERVICE_DUE, "", combined, at, status == Status.BAD ? shown
                : ConditionState.decode(current.get(key(AlertType.SERVICE_DUE, ""))).value()));
    }

    private ConditionState step(ConditionState before, Observation observation, long at, List<Transition> out) {
        Duration raiseAfter = raiseAfter(observation.type());
        Duration clearAfter = clearAfter(observation.type());
        double value = observation.value();
        return switch (before.phase()) {
            case OK -> switch (observation.status()) {
                case BAD -> raiseAfter.isZero() ? raised(observation, at, out)
                        : new ConditionState(Phase.PENDING_RAISE, at, at, value);
                default -> new ConditionState(Phase.OK, 0, at, value);
            };
            case PENDING_RAISE -> switch (observation.status()) {
                case BAD -> at - before.sinceMicros() >= micros(raiseAfter)
                        ? raised(observation, at, out)
                        : new ConditionState(Phase.PENDING_RAISE, before.sinceMicros(), at, value);
                default -> new ConditionState(Phase.OK, 0, at, value);
            };
            case RAISED -> switch (observation.status()) {
                case GOOD -> clearAfter.isZero() ? cleared(observation, at, out)
                        : new ConditionState(Phase.PENDING_CLEAR, at, at, before.value());
                default -> new ConditionState(Phase.RAISED, 0, at, before.value());
            };
            case PENDING_CLEAR -> switch (observation.status()) {
                case GOOD -> at - before.sinceMicros() >= micros(clearAfter)
                        ? cleared(observation, at, out)
                        : new ConditionState(Phase.PENDING_CLEAR, before.sinceMicros(), at, before.value());
                default -> new ConditionState(Phase.RAISED, 0, at, before.value());
            };
        };
    }

    private ConditionState raised(Observation observation, long at, List<Transition> out) {
        out.add(new Transition(observation.type(), observation.subject(), true, observation.at(), observation.value(),
                describe(observation)));
        return new ConditionState(Phase.RAISED, 0, at, observation.value());
    }

    private ConditionState cleared(Observation observation, long at, List<Transition> out) {
        out.add(new Transition(observation.type(), observation.subject(), false, observation.at(), observation.value(),
                describe(observation)));
        return new ConditionState(Phase.OK, 0, at, observation.value());
    }

    private Duration raiseAfter(AlertType type) {
        return switch (type) {
            case LOW_TYRE_PRESSURE -> thresholds.tyreSustain();
            case CELL_IMBALANCE -> thresholds.cellSustain();
            case SERVICE_DUE, DTC -> Duration.ZERO;
        };
    }

    private Duration clearAfter(AlertType type) {
        return switch (type) {
            case LOW_TYRE_PRESSURE -> thresholds.tyreSustain();
            case CELL_IMBALANCE -> thresholds.cellSustain();
            case SERVICE_DUE -> Duration.ZERO;
            case DTC -> thresholds.dtcClearAfter();
        };
    }

    private String describe(Observation o) {
        return switch (o.type()) {
            case LOW_TYRE_PRESSURE -> o.status() == Status.BAD
                    ? String.format(Locale.ROOT, "tyre %s pressure %.0f kPa below %.0f kPa for %d s", o.subject(),
                            o.value(), thresholds.lowTyreKpa(), thresholds.tyreSustain().toSeconds())
                    : String.format(Locale.ROOT, "tyre %s pressure back to %.0f kPa (>= %.0f kPa)", o.subject(),
                            o.value(), thresholds.tyreClearKpa());
            case CELL_IMBALANCE -> o.status() == Status.BAD
                    ? String.format(Locale.ROOT, "cell voltage spread %.0f mV above %.0f mV for %d s", o.value(),
                            thresholds.cellSpreadRaiseMv(), thresholds.cellSustain().toSeconds())
                    : String.format(Locale.ROOT, "cell voltage spread back to %.0f mV (< %.0f mV)", o.value(),
                            thresholds.cellSpreadClearMv());
            case SERVICE_DUE -> o.status() == Status.BAD
                    ? String.format(Locale.ROOT, "service due (distance below %.0f km, time below %d days, or flagged"
                            + " by the car)", thresholds.serviceDistanceKm(), thresholds.serviceTime().toDays())
                    : "service no longer due";
            case DTC -> o.status() == Status.BAD ? "diagnostic trouble code " + o.subject() + " reported"
                    : "diagnostic trouble code " + o.subject() + " no longer reported";
        };
    }

    /** Highest minus lowest cell voltage (V), in millivolts. */
    public static double spreadMillivolts(List<Double> volts) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : volts) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return (max - min) * 1000;
    }

    private static double number(TelemetryValue value) {
        if (value instanceof NumberValue n) {
            return n.value();
        }
        if (value instanceof IntegerValue i) {
            return i.value();
        }
        return Double.NaN;
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }
}
