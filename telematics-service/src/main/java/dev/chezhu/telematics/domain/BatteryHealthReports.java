package dev.chezhu.telematics.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.persistence.SignalHistoryStore;
import dev.chezhu.telematics.persistence.VehicleStateCache;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/** GetBatteryHealthReport: gathers the latest state, the daily SoH and cell-spread history, and grades (see {@link BatteryHealth}). */
@ApplicationScoped
public class BatteryHealthReports {

    static final String SOH = "Vehicle.Powertrain.TractionBattery.StateOfHealth";
    static final String CELLS = "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages";
    static final String CELL_MIN = "Vehicle.Powertrain.TractionBattery.CellVoltage.Min";
    static final String CELL_MAX = "Vehicle.Powertrain.TractionBattery.CellVoltage.Max";
    public static final Duration MAX_LOOKBACK = Duration.ofDays(365);

    private final SignalHistoryStore history;
    private final VehicleStateCache state;
    private final RetentionPolicy retention;
    private final Clock clock;

    public BatteryHealthReports(SignalHistoryStore history, VehicleStateCache state, RetentionPolicy retention,
            Clock clock) {
        this.history = history;
        this.state = state;
        this.retention = retention;
        this.clock = clock;
    }

    @WithSpan("BatteryHealthReports.get")
    public Uni<BatteryHealth.Report> get(Caller caller, @SpanAttribute("vehicle.name") String name, Duration lookback) {
        return Uni.createFrom().deferred(() -> {
            VehicleAccess.requireRead(caller, VehicleName.requestedVin(name, false));
            String vin = VehicleName.vin(name, false).orElseThrow(() -> ServiceException.invalidField("name",
                    "must be vehicles/{vin}"));
            if (lookback != null && (lookback.isNegative() || lookback.compareTo(MAX_LOOKBACK) > 0)) {
                throw ServiceException.invalidField("lookback", "must be between 0 and 365 days");
            }
            Duration window = lookback == null || lookback.isZero() ? MAX_LOOKBACK : lookback;
            Instant now = clock.instant();
            Instant to = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            Instant from = to.minus(window).truncatedTo(ChronoUnit.DAYS);
            Instant boundary = retention.rollupBoundary(now);
            Instant rawFrom = from.isAfter(boundary) ? from : boundary;
            Instant rollupTo = to.isBefore(boundary) ? to : boundary;
            return Uni.combine().all().unis(
                    state.read(vin),
                    history.buckets(vin, SOH, 86_400, rawFrom, to, from, rollupTo, 400),
                    history.dailyCellSpread(vin, CELLS, rawFrom, to))
                    .asTuple().map(t -> {
                        Map<String, SignalReading> latest = t.getItem1()
                                .map(s -> s.signals().stream().collect(Collectors.toMap(SignalReading::signal,
                                        Function.identity())))
                                .orElse(Map.of());
                        Double soh = number(latest.get(SOH));
                        List<Double> cells = latest.get(CELLS) != null && latest.get(CELLS).value() instanceof NumberList l
                                ? l.values() : null;
                        Double min = number(latest.get(CELL_MIN));
                        Double max = number(latest.get(CELL_MAX));
                        Double minMax = min != null && max != null ? (max - min) * 1000 : null;
                        return BatteryHealth.assess(vin, now, soh, t.getItem2(), cells, minMax, t.getItem3());
                    });
        });
    }

    private static Double number(SignalReading reading) {
        return reading != null && reading.value() instanceof NumberValue n ? n.value() : null;
    }
}
