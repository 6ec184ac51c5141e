package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.domain.PersonProfile.TraitValue;
import dev.chezhu.identity.domain.TraitSurvivorship.Reported;

class TraitSurvivorshipTest {

    private static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATE = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void trustedSourceBeatsNewerLessTrustedOne() {
        var survivors = TraitSurvivorship.defaults().survivors(List.of(
                new Reported("given_name", new TraitValue("Wei", "dealer_crm:D001", EARLY)),
                new Reported("given_name", new TraitValue("W.", "app", LATE))));
        assertEquals("Wei", survivors.get("given_name").value());
    }

    @Test
    void sameSourceFamilyNewestWins() {
        var survivors = TraitSurvivorship.defaults().survivors(List.of(
                new Reported("city", new TraitValue("Shanghai", "app", EARLY)),
                new Reported("city", new TraitValue("Hangzhou", "app", LATE))));
        assertEquals("Hangzhou", survivors.get("city").value());
    }

    @Test
    void aTraitCanHaveItsOwnSourceOrder() {
        TraitSurvivorship survivorship = new TraitSurvivorship(TraitSurvivorship.DEFAULT_SOURCE_PRIORITY,
                java.util.Map.of("city", List.of("app", "dealer_crm")));
        var survivors = survivorship.survivors(List.of(
                new Reported("city", new TraitValue("Shanghai", "dealer_crm:D001", LATE)),
                new Reported("city", new TraitValue("Hangzhou", "app", EARLY)),
                new Reported("given_name", new TraitValue("Wei", "dealer_crm:D001", EARLY)),
                new Reported("given_name", new TraitValue("W.", "app", LATE))));
        assertEquals("Hangzhou", survivors.get("city").value());
        assertEquals("Wei", survivors.get("given_name").value());
    }
}
