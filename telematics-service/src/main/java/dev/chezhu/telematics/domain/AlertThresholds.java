package dev.chezhu.telematics.domain;

import java.time.Duration;

/**
 * When the alert rules raise and clear. Every condition has a raise threshold and a separate clear
 * threshold (hysteresis: values in between change nothing) and a time the condition must hold, in
 * observe time, before it raises or clears (no alert storm from a value flapping around a threshold).
 */
public record AlertThresholds(
        double lowTyreKpa, double tyreClearKpa, Duration tyreSustain,
        double cellSpreadRaiseMv, double cellSpreadClearMv, Duration cellSustain,
        double serviceDistanceKm, double serviceDistanceClearKm,
        Duration serviceTime, Duration serviceTimeClear,
        Duration dtcClearAfter) {

    /** The defaults documented in the README. */
    public static AlertThresholds defaults() {
        return new AlertThresholds(180, 200, Duration.ofSeconds(60),
                100, 70, Duration.ofMinutes(5),
                1000, 1500, Duration.ofDays(14), Duration.ofDays(21),
                Duration.ofMinutes(10));
    }
}
