package dev.chezhu.identity.grpc;

import dev.chezhu.identity.domain.PersonSearch;
import dev.chezhu.identity.domain.VehicleRelationships;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.ListVehicleRelationshipsResponse;
import dev.chezhu.identity.v1.PersonSummary;
import dev.chezhu.identity.v1.SearchPersonsRequest;
import dev.chezhu.identity.v1.SearchPersonsResponse;
import dev.chezhu.identity.v1.Vehicle;
import dev.chezhu.identity.v1.VehiclePersonRelationship;

/** SearchPersons and ListVehicleRelationships: wire types ↔ domain types. */
final class SearchMapper {

    private SearchMapper() {
    }

    static PersonSearch.Query toQuery(SearchPersonsRequest request) {
        PersonSearch.Kind kind;
        String value;
        switch (request.getQueryCase()) {
            case PHONE -> {
                kind = PersonSearch.Kind.PHONE;
                value = request.getPhone();
            }
            case EMAIL -> {
                kind = PersonSearch.Kind.EMAIL;
                value = request.getEmail();
            }
            case VIN -> {
                kind = PersonSearch.Kind.VIN;
                value = request.getVin();
            }
            case LICENCE_PLATE -> {
                kind = PersonSearch.Kind.LICENCE_PLATE;
                value = request.getLicencePlate();
            }
            case NAME -> {
                kind = PersonSearch.Kind.NAME;
                value = request.getName();
            }
            default -> {
                kind = null;
                value = null;
            }
        }
        return new PersonSearch.Query(kind, value, request.getDealerId(), request.getPageSize(), request.getPageToken());
    }

    static SearchPersonsResponse toResponse(PersonSearch.Page page) {
        SearchPersonsResponse.Builder response = SearchPersonsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        for (PersonSearch.Summary person : page.persons()) {
            PersonSummary.Builder summary = PersonSummary.newBuilder()
                    .setName(IdentityMapper.PERSONS + person.personId())
                    .setPersonId(person.personId())
                    .setDisplayName(person.displayName())
                    .setMaskedPhone(person.maskedPhone())
                    .setLifecycleStage(LifecycleStage.valueOf("LIFECYCLE_STAGE_" + person.stage().name()))
                    .addAllDealerIds(person.dealerIds());
            person.vehicles().forEach(v -> summary.addVehicles(IdentityMapper.toWire(v)));
            response.addPersons(summary);
        }
        return response.build();
    }

    static ListVehicleRelationshipsResponse toResponse(VehicleRelationships.Page page) {
        var a = page.attributes();
        Vehicle.Builder vehicle = Vehicle.newBuilder().setName("vehicles/" + page.vin()).setVin(page.vin());
        if (a.brand() != null) {
            vehicle.setBrand(a.brand());
        }
        if (a.model() != null) {
            vehicle.setModel(a.model());
        }
        if (a.modelYear() != null) {
            vehicle.setModelYear(a.modelYear());
        }
        if (a.licencePlate() != null) {
            vehicle.setLicencePlate(a.licencePlate());
        }
        ListVehicleRelationshipsResponse.Builder response = ListVehicleRelationshipsResponse.newBuilder()
                .setVehicle(vehicle).setNextPageToken(page.nextPageToken());
        page.relationships().forEach(r -> response.addRelationships(VehiclePersonRelationship.newBuilder()
                .setPerson(IdentityMapper.PERSONS + r.personId())
                .setRole(IdentityMapper.toWire(r.role()))
                .setSource(r.source())
                .setCreateTime(IdentityMapper.timestamp(r.createdAt()))));
        return response.build();
    }
}
