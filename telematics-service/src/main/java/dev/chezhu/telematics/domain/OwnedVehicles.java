package dev.chezhu.telematics.domain;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Port to identity-service: the VINs a person is related to, so that a change of their consent
 * reaches the cached answers of exactly those vehicles. Empty for a person identity no longer knows.
 */
public interface OwnedVehicles {

    Uni<List<String>> vinsOf(String personId);
}
