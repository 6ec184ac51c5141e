package dev.chezhu.loyalty.domain;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Port to the identity service for what loyalty decides on: a person's profile, and who owns a vehicle
 * (a head unit's token carries only its VIN). A failure means identity could not answer; empty means
 * it answered "no such person / no owner".
 */
public interface ProfileDirectory {

    /** The person's profile; empty when identity does not know the person. */
    Uni<Optional<Profile>> profile(String personId);

    /** The person ID of the vehicle's owner; empty when identity knows no owner. */
    Uni<Optional<String>> ownerOf(String vin);
}
