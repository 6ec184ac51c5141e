package dev.chezhu.loyalty.domain;

import java.util.Set;

/**
 * What loyalty needs to know of a person from the identity service: lifecycle stage (e.g. `LEAD`,
 * `OWNER`, `LOYAL`; empty when unknown), tags, the models of their vehicles and the VINs they own.
 * No personal data (names, phones) ever reaches this service.
 */
public record Profile(String personId, String lifecycleStage, Set<String> tags, Set<String> vehicleModels,
        Set<String> ownedVins) {

    public static final String LEAD = "LEAD";

    public static Profile unknown(String personId) {
        return new Profile(personId, "", Set.of(), Set.of(), Set.of());
    }

    public boolean lead() {
        return LEAD.equals(lifecycleStage);
    }
}
