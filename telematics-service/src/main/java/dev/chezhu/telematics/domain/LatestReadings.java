package dev.chezhu.telematics.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reduces a batch to the newest reading per signal: all the live state needs from it. */
public final class LatestReadings {

    private LatestReadings() {
    }

    /** The newest reading of each signal; of two with the same time, the later one in the batch. */
    public static Collection<SignalReading> of(List<SignalReading> readings) {
        Map<String, SignalReading> latest = new LinkedHashMap<>();
        for (SignalReading reading : readings) {
            latest.merge(reading.signal(), reading,
                    (kept, next) -> next.observedAt().isBefore(kept.observedAt()) ? kept : next);
        }
        return latest.values();
    }
}
