package dev.chezhu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class PopulationTest {

    @Test
    void sameSeedAndRunGiveTheSameFleet() {
        assertEquals(Population.generate(12, 42, "r1").owners, Population.generate(12, 42, "r1").owners);
        assertEquals(Population.generate(12, 42, "r1").observations(), Population.generate(12, 42, "r1").observations());
    }

    @Test
    void anotherRunMeetsNewPeopleWithTheSameShape() {
        List<Population.Owner> first = Population.generate(12, 42, "r1").owners;
        List<Population.Owner> second = Population.generate(12, 42, "r2").owners;
        for (int i = 0; i < first.size(); i++) {
            assertNotEquals(first.get(i).vin(), second.get(i).vin());
            assertNotEquals(first.get(i).phone(), second.get(i).phone());
            assertEquals(first.get(i).consents(), second.get(i).consents());
            assertEquals(first.get(i).car(), second.get(i).car());
            assertEquals(first.get(i).dealer(), second.get(i).dealer());
        }
    }

    @Test
    void vinsAreSeventeenCharactersWithoutIOrQ() {
        for (Population.Owner owner : Population.generate(50, 7, "x").owners) {
            assertEquals(17, owner.vin().length());
            assertTrue(owner.vin().matches("[A-HJ-NPR-Z0-9]{17}"), owner.vin());
        }
    }

    @Test
    void everySpellingOfAPhoneCarriesTheSameDigits() {
        Set<String> national = new HashSet<>();
        for (int style = 0; style < 5; style++) {
            String digits = Population.spell("13912345678", style).replaceAll("\\D", "");
            national.add(digits.substring(digits.length() - 11));
        }
        assertEquals(Set.of("13912345678"), national);
        assertEquals(5, java.util.stream.IntStream.range(0, 5).mapToObj(s -> Population.spell("13912345678", s))
                .collect(Collectors.toSet()).size(), "five different spellings");
    }

    @Test
    void theFleetHasTheTroublesTheDemoShows() {
        List<Population.Owner> owners = Population.generate(12, 42, "demo").owners;
        assertTrue(owners.stream().anyMatch(o -> !o.consents().marketing()), "someone refuses marketing");
        assertTrue(owners.stream().anyMatch(o -> !o.consents().telemetry()), "someone refuses telemetry");
        assertTrue(owners.stream().filter(o -> o.car().serviceDueInKm() < 1000).count() >= 3, "cars due for service");
        assertEquals(1, owners.stream().filter(o -> o.car().driftingCell()).count(), "one drifting battery cell");
        assertTrue(owners.stream().anyMatch(o -> o.car().leakyTyre()));
        assertTrue(owners.stream().anyMatch(o -> o.billYuan() >= 2000), "a bill big enough to move a tier");
    }

    @Test
    void threeCustomersOfD001AreLoggedUnderTheFrontDeskPhone() {
        Population population = Population.generate(12, 42, "demo");
        String desk = population.frontDeskPhones.get("D001");
        List<Population.Observation> logged = population.observations().stream()
                .filter(o -> o.identifiers().stream().anyMatch(i -> i.value().equals(desk))).toList();
        assertEquals(3, logged.size());
        assertEquals(3, logged.stream().map(o -> o.owner().index()).distinct().count(), "three different people");
        assertTrue(logged.stream().allMatch(o -> o.caller().equals("dealer-d001-crm")));
    }

    @Test
    void observationsComeFromEveryTouchpointAndCarsAreLinkedToTheirOwners() {
        Population population = Population.generate(12, 42, "demo");
        List<Population.Observation> observations = population.observations();
        assertEquals(Set.of("app sign-up", "mini-program", "head-unit pairing", "dealer CRM import", "dealer visit log"),
                observations.stream().map(Population.Observation::touchpoint).collect(Collectors.toSet()));
        for (Population.Owner owner : population.owners) {
            assertTrue(observations.stream().anyMatch(o -> o.owner().equals(owner) && o.ownsVehicle()));
        }
        assertFalse(observations.stream().anyMatch(o -> o.identifiers().isEmpty()));
    }
}
