package dev.chezhu.telematics.domain;

/** Whether an owner of a vehicle has granted telemetry_collection. */
public enum ConsentDecision {
    /** An owner granted it: datapoints are stored. */
    GRANTED,
    /** No owner granted it (or it was withdrawn): batches are acknowledged, nothing is stored. */
    NOT_GRANTED
}
