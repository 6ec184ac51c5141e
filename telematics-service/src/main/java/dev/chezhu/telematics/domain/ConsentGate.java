package dev.chezhu.telematics.domain;

import io.smallrye.mutiny.Uni;

/**
 * Port to the owner of consent (identity-service): has an owner of this vehicle granted
 * telemetry_collection? A failure of the Uni means the answer is unknown; ingestion then fails closed
 * (stores nothing, acknowledges nothing: the head unit resends later).
 */
public interface ConsentGate {

    Uni<ConsentDecision> telemetryCollection(String vin);
}
