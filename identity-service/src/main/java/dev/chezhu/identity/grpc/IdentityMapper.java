package dev.chezhu.identity.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.domain.GuardrailReason;
import dev.chezhu.identity.domain.IdentifierKind;
import dev.chezhu.identity.domain.IdentifyCommand;
import dev.chezhu.identity.domain.IdentityResolver;
import dev.chezhu.identity.domain.PersonProfile;
import dev.chezhu.identity.domain.RawIdentifier;
import dev.chezhu.identity.domain.Resolution;
import dev.chezhu.identity.domain.VehicleLink;
import dev.chezhu.identity.v1.BatchIdentifyPersonsResponse;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.ObservationResult;
import dev.chezhu.identity.v1.IgnoredIdentifier;
import dev.chezhu.identity.v1.InterestTag;
import dev.chezhu.identity.v1.RefusedMerge;
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
                        request.getSource(), null, new VehicleLink.Attributes(v.getBrand(), v.getModel(),
                                v.getModelYear(), v.getLicencePlate()))).toList(),
                request.hasObserveTime() ? toInstant(request.getObserveTime()) : null,
                request.getInterestTagsList());
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
        IdentifyPersonResponse.Builder response = IdentifyPersonResponse.newBuilder()
                .setPerson(toWire(resolution.person()))
                .setOutcome(ResolutionOutcome.valueOf("RESOLUTION_OUTCOME_" + resolution.outcome().name()))
                .setReplayed(resolution.replayed());
        resolution.guardrails().ignored().forEach(i -> response.addIgnoredIdentifiers(IgnoredIdentifier.newBuilder()
                .setIndex(i.index()).setType(toWire(i.kind())).setReason(toWire(i.reason()))));
        resolution.guardrails().refusedMerges().forEach(r -> response.addRefusedMerges(refusedMerge(r)));
        response.addAllQuarantinedIdentifierIndexes(resolution.guardrails().quarantinedIndexes());
        return response.build();
    }

    static BatchIdentifyPersonsResponse toResponse(IdentityResolver.BatchOutcome outcome) {
        BatchIdentifyPersonsResponse.Builder response = BatchIdentifyPersonsResponse.newBuilder();
        for (IdentityResolver.BatchResult result : outcome.results()) {
            ObservationResult.Builder item = ObservationResult.newBuilder().setRequestId(result.requestId())
                    .setReplayed(result.replayed());
            if (result.refusal() != null) {
                item.setRefusalReason(result.refusal());
            } else {
                item.setPerson(PERSONS + result.personId())
                        .setOutcome(ResolutionOutcome.valueOf("RESOLUTION_OUTCOME_" + result.outcome().name()));
            }
            result.report().ignored().forEach(i -> item.addIgnoredIdentifiers(IgnoredIdentifier.newBuilder()
                    .setIndex(i.index()).setType(toWire(i.kind())).setReason(toWire(i.reason()))));
            result.report().refusedMerges().forEach(r -> item.addRefusedMerges(refusedMerge(r)));
            item.addAllQuarantinedIdentifierIndexes(result.report().quarantinedIndexes());
            response.addResults(item);
        }
        return response.build();
    }

    private static RefusedMerge refusedMerge(Resolution.RefusedMerge r) {
        RefusedMerge.Builder refused = RefusedMerge.newBuilder().setPerson(PERSONS + r.personId())
                .setReason(toWire(r.reason())).addAllIdentifierIndexes(r.identifierIndexes());
        if (r.limitedKind() != null) {
            refused.setLimitedType(toWire(r.limitedKind()));
        }
        return refused.build();
    }

    static dev.chezhu.identity.v1.GuardrailReason toWire(GuardrailReason reason) {
        return dev.chezhu.identity.v1.GuardrailReason.valueOf("GUARDRAIL_REASON_" + reason.name());
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
                    .setFirstSeenTime(timestamp(identifier.firstSeenAt()))
                    .setQuarantined(identifier.quarantined()));
        }
        profile.traits().forEach((key, trait) -> person.putTraits(key, Trait.newBuilder()
                .setValue(trait.value())
                .setSource(trait.source())
                .setObserveTime(timestamp(trait.observedAt()))
                .build()));
        profile.vehicles().forEach(vehicle -> person.addVehicles(toWire(vehicle)));
        for (PersonProfile.Interest interest : profile.interests()) {
            person.addInterests(InterestTag.newBuilder().setTag(interest.tag()).addAllSources(interest.sources())
                    .setObserveTime(timestamp(interest.lastObservedAt())));
        }
        person.addAllMergedPersonIds(profile.mergedPersonIds());
        person.addAllDealerIds(profile.dealerIds());
        return person.build();
    }

    static VehicleRelationship toWire(VehicleLink vehicle) {
        VehicleLink.Attributes a = vehicle.attributes();
        VehicleRelationship.Builder wire = VehicleRelationship.newBuilder()
                .setVin(vehicle.vin())
                .setRole(toWire(vehicle.role()))
                .setSource(vehicle.source())
                .setCreateTime(timestamp(vehicle.createdAt()));
        if (a.brand() != null) {
            wire.setBrand(a.brand());
        }
        if (a.model() != null) {
            wire.setModel(a.model());
        }
        if (a.modelYear() != null) {
            wire.setModelYear(a.modelYear());
        }
        if (a.licencePlate() != null) {
            wire.setLicencePlate(a.licencePlate());
        }
        return wire.build();
    }

    static VehicleRole toWire(VehicleLink.VehicleRole role) {
        return VehicleRole.valueOf("VEHICLE_ROLE_" + role.name());
    }

    /** The ID in `persons/{id}`, or null when the name has another shape. */
    static String personId(String name) {
        return idIn(name, PERSONS, "");
    }

    /** The ID in `{prefix}{id}{suffix}` (an ID has no slash, at most 64 characters), or null. */
    static String idIn(String name, String prefix, String suffix) {
        if (name == null || !name.startsWith(prefix) || !name.endsWith(suffix)
                || name.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        String id = name.substring(prefix.length(), name.length() - suffix.length());
        return id.indexOf('/') >= 0 || id.length() > 64 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? null : id;
    }

    /** The person ID of a resource-name field, or INVALID_ARGUMENT naming the field. */
    static String requirePerson(String field, String name) {
        String id = personId(name);
        if (id == null) {
            throw dev.chezhu.platform.error.ServiceException.invalidField(field, "must be persons/{person_id}");
        }
        return id;
    }

    static Timestamp timestamp(Instant instant) {
        if (instant == null) {
            return Timestamp.getDefaultInstance();
        }
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
