package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An observation from a touchpoint as received, before validation and normalisation. */
public record IdentifyCommand(String requestId, String source, List<RawIdentifier> identifiers,
        Map<String, String> traits, List<VehicleLink> vehicles, Instant observedAt, List<String> interests) {

    public IdentifyCommand(String requestId, String source, List<RawIdentifier> identifiers, Map<String, String> traits,
            List<VehicleLink> vehicles, Instant observedAt) {
        this(requestId, source, identifiers, traits, vehicles, observedAt, List.of());
    }
}
