package dev.chezhu.telematics.domain;

import java.time.Instant;
import java.util.List;

/** The latest value of every signal of a vehicle, and when that state last changed. */
public record VehicleSnapshot(String vin, List<SignalReading> signals, Instant updatedAt) {

    public VehicleSnapshot {
        signals = List.copyOf(signals);
    }
}
