package dev.chezhu.gateway.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class PersonReferencesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void findsPersonIdsAndResourceNamesAtAnyDepth() throws Exception {
        var body = json.readTree("""
                {"outcome": "merged", "person": {"name": "persons/p-1", "personId": "p-1",
                  "identifiers": [{"type": "phone", "value": "+8613800138000"}]},
                 "mergedPersonIds": ["p-2", "p-3"], "coupon": "persons/p-4/coupons/c-9",
                 "account": "accounts/p-5", "dealerId": "D001", "note": "persons/"}
                """);
        assertEquals(Set.of("p-1", "p-2", "p-3", "p-4", "p-5"), PersonReferences.in(body));
    }

    @Test
    void aResponseAboutNoPersonHasNoReferences() throws Exception {
        assertEquals(Set.of(), PersonReferences.in(json.readTree("""
                {"name": "catalog/items/i-1", "title": "Morning news", "personIdentifier": "x"}
                """)));
    }
}
