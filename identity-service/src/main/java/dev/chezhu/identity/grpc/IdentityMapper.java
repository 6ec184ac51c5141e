package dev.chezhu.identity.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.domain.IdentifierKind;
import dev.chezhu.identity.domain.IdentifyCommand;
import dev.chezhu.identity.domain.PersonProfile;
import dev.chezhu.identity.domain.RawIdentifier;
import dev.chezhu.identity.domain.Resolution;
import dev.chezhu.identity.domain.VehicleLink;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.PersonIdentifier;
import dev.chezhu.identity.v1.ResolutionOutcome;
import dev.chezhu.identity.v1.Trait;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;

/** Wire types ↔ domain types. No decisions here beyond the mapping itself. */
final class IdentityMapper {

    static final String PERSONS = "persons/";

    private IdentityMapper() {
    }

    static IdentifyCommand toCommand(IdentifyPersonRequest request) {
        return new IdentifyCommand(request.getRequestId(), request.getSource(),
                request.getIdentifiersList().stream().map(IdentityMapper::toRaw).toList(),
                request.getTraitsMap(),
                request.getVehiclesList().stream().map(v -> new VehicleLink(v.getVin(), toDomain(v.getRole()),
                        request.getSource(), null)).toList(),
                request.hasObserveTime() ? toInstant(request.getObserveTime()) : null);
    }

    static RawIdentifier toRaw(Identifier identifier) {
        return new RawIdentifier(toDomain(identifier.getType()), identifier.getValue(), identifier.getScope());
    }

    static IdentifierKind toDomain(IdentifierType type) {
        return switch (type) {
            case IDENTIFIER_TYPE_PHONE -> IdentifierKind.PHONE;
            case IDENTIFIER_TYPE_EMAIL -> IdentifierKind.EMAIL;
            case IDENTIFIER_TYPE_WECHAT_OPENID -> IdentifierKind.WECHAT_OPENID;
            case IDENTIFIER_TYPE_WECHAT_UNIONID -> IdentifierKind.WECHAT_UNIONID;
            case IDENTIFIER_TYPE_APP_ACCOUNT -> IdentifierKind.APP_ACCOUNT;
            case IDENTIFIER_TYPE_DEALER_CRM_ID -> IdentifierKind.DEALER_CRM_ID;
            case IDENTIFIER_TYPE_DRIVING_LICENCE -> IdentifierKind.DRIVING_LICENCE;
            case IDENTIFIER_TYPE_HEAD_UNIT_DEVICE -> IdentifierKind.HEAD_UNIT_DEVICE;
            case IDENTIFIER_TYPE_FACE_TOKEN -> IdentifierKind.FACE_TOKEN;
            case IDENTIFIER_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static IdentifierType toWire(IdentifierKind kind) {
        return IdentifierType.valueOf("IDENTIFIER_TYPE_" + kind.name());
    }

    static VehicleLink.VehicleRole toDomain(VehicleRole role) {
        return switch (role) {
            case VEHICLE_ROLE_OWNER -> VehicleLink.VehicleRole.OWNER;
            case VEHICLE_ROLE_DRIVER -> VehicleLink.VehicleRole.DRIVER;
            case VEHICLE_ROLE_HOUSEHOLD -> VehicleLink.VehicleRole.HOUSEHOLD;
            case VEHICLE_ROLE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static IdentifyPersonResponse toResponse(Resolution resolution) {
        return IdentifyPersonResponse.newBuilder()
                .setPerson(toWire(resolution.person()))
                .setOutcome(ResolutionOutcome.valueOf("RESOLUTION_OUTCOME_" + resolution.outcome().name()))
                .setReplayed(resolution.replayed())
                .build();
    }

    static Person toWire(PersonProfile profile) {
        Person.Builder person = Person.newBuilder()
                .setName(PERSONS + profile.id())
                .setPersonId(profile.id())
                .setCreateTime(timestamp(profile.createdAt()))
                .setUpdateTime(timestamp(profile.updatedAt()));
        for (PersonProfile.KnownIdentifier identifier : profile.identifiers()) {
            person.addIdentifiers(PersonIdentifier.newBuilder()
                    .setType(toWire(identifier.key().kind()))
                    .setValue(identifier.key().value())
                    .setScope(identifier.key().scope())
                    .setSource(identifier.source())
                    .setFirstSeenTime(timestamp(identifier.firstSeenAt())));
        }
        profile.traits().forEach((key, trait) -> person.putTraits(key, Trait.newBuilder()
                .setValue(trait.value())
                .setSource(trait.source())
                .setObserveTime(timestamp(trait.observedAt()))
                .build()));
        for (VehicleLink vehicle : profile.vehicles()) {
            person.addVehicles(VehicleRelationship.newBuilder()
                    .setVin(vehicle.vin())
                    .setRole(VehicleRole.valueOf("VEHICLE_ROLE_" + vehicle.role().name()))
                    .setSource(vehicle.source())
                    .setCreateTime(timestamp(vehicle.createdAt())));
        }
        return person.build();
    }

    /** The ID in `persons/{id}`, or null when the name has another shape. */
    static String personId(String name) {
        if (name == null || !name.startsWith(PERSONS) || name.length() == PERSONS.length()
                || name.indexOf('/', PERSONS.length()) >= 0) {
            return null;
        }
        return name.substring(PERSONS.length());
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
