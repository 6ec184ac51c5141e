package dev.chezhu.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.Person;

/** JSON shapes of the identity resources. */
public final class PersonViews {

    private PersonViews() {
    }

    @Schema(description = "An identifier as the touchpoint knows it")
    public record IdentifierInput(
            @Schema(example = "phone", description = "phone, email, wechat_openid, wechat_unionid, app_account, dealer_crm_id, driving_licence, head_unit_device, face_token") String type,
            @Schema(example = "138 0013 8000") String value,
            @Schema(description = "WeChat app id or dealer id for scoped types") String scope) {
    }

    @Schema(description = "A vehicle this touchpoint links to the person")
    public record VehicleInput(@Schema(example = "LSVAU2180N2183294") String vin,
            @Schema(example = "owner", description = "owner, driver, household") String role) {
    }

    @Schema(description = "What a touchpoint observed about a person")
    public record ObservationInput(
            @Schema(example = "app", description = "app, mini_program, dealer_crm:<dealer>, call_centre, head_unit, store_visit") String source,
            List<IdentifierInput> identifiers, Map<String, String> traits, List<VehicleInput> vehicles,
            Instant observeTime) {
    }

    public record IdentifierView(String type, String value, String scope, String source, Instant firstSeenTime) {
    }

    public record TraitView(String value, String source, Instant observeTime) {
    }

    public record VehicleView(String vin, String role, String source, Instant createTime) {
    }

    @Schema(description = "One unified person")
    public record PersonView(@Schema(example = "persons/0b7c...") String name, String personId,
            List<IdentifierView> identifiers, Map<String, TraitView> traits, List<VehicleView> vehicles,
            Instant createTime, Instant updateTime) {

        static PersonView from(Person person) {
            Map<String, TraitView> traits = new TreeMap<>();
            person.getTraitsMap().forEach((key, t) -> traits.put(key,
                    new TraitView(t.getValue(), t.getSource(), Json.instant(t.getObserveTime()))));
            return new PersonView(person.getName(), person.getPersonId(),
                    person.getIdentifiersList().stream().map(i -> new IdentifierView(
                            Json.enumName(i.getType(), "IDENTIFIER_TYPE_"),
                            i.getType() == IdentifierType.IDENTIFIER_TYPE_FACE_TOKEN ? "(keyed hash)" : i.getValue(),
                            i.getScope(), i.getSource(), Json.instant(i.getFirstSeenTime()))).toList(),
                    traits,
                    person.getVehiclesList().stream().map(v -> new VehicleView(v.getVin(),
                            Json.enumName(v.getRole(), "VEHICLE_ROLE_"), v.getSource(), Json.instant(v.getCreateTime())))
                            .toList(),
                    Json.instant(person.getCreateTime()), Json.instant(person.getUpdateTime()));
        }
    }

    @Schema(description = "The person an observation resolved to")
    public record ResolutionView(@Schema(example = "created", description = "created, attached, merged") String outcome,
            boolean replayed, PersonView person) {

        static ResolutionView from(IdentifyPersonResponse response) {
            return new ResolutionView(Json.enumName(response.getOutcome(), "RESOLUTION_OUTCOME_"),
                    response.getReplayed(), PersonView.from(response.getPerson()));
        }
    }

    public record LookupView(String person, String personId) {
    }
}
