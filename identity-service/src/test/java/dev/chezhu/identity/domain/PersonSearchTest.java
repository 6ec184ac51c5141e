package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.domain.PersonProfile.ReportedTrait;

class PersonSearchTest {

    private final PersonSearch search = new PersonSearch(null, null, null, TraitSurvivorship.defaults());
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void aPhoneIsMaskedButForItsCountryPrefixAndLastFourDigits() {
        assertEquals("+86138****8000", PersonSearch.maskPhone("+8613800138000"));
        assertEquals("+49151****4567", PersonSearch.maskPhone("+4915112344567"));
        assertEquals("****", PersonSearch.maskPhone("+86123"));
    }

    @Test
    void aPrefixRangeEndsJustAfterEveryStringWithThePrefix() {
        assertEquals("wf", PersonSearch.upperBound("we"));
        assertEquals(new String(Character.toChars("王".codePointAt(0) + 1)), PersonSearch.upperBound("王"));
        String upper = PersonSearch.upperBound("王小");
        assertTrue("王小明".compareTo(upper) < 0 && "王小".compareTo(upper) < 0 && "王尐".compareTo(upper) >= 0);
    }

    @Test
    void likeWildcardsInAFragmentAreLiteral() {
        assertEquals("50\\%\\_off\\\\", PersonSearch.escapeLike("50%_off\\"));
    }

    @Test
    void theDisplayNameIsTheNameElseFamilyAndGivenNameInTheirScriptsOrder() {
        assertEquals("王小明", search.displayName(List.of(new ReportedTrait("family_name", "王", "app", T, "p"),
                new ReportedTrait("given_name", "小明", "app", T, "p"))));
        assertEquals("Wei Li", search.displayName(List.of(new ReportedTrait("family_name", "Li", "app", T, "p"),
                new ReportedTrait("given_name", "Wei", "app", T, "p"))));
        assertEquals("Li Na", search.displayName(List.of(new ReportedTrait("name", "Li Na", "app", T, "p"),
                new ReportedTrait("given_name", "Wei", "app", T, "p"))));
        // survivorship: the dealer CRM's spelling wins over the app's
        assertEquals("Wei", search.displayName(List.of(new ReportedTrait("given_name", "Wie", "app", T, "p"),
                new ReportedTrait("given_name", "Wei", "dealer_crm:D001", T.minusSeconds(60), "p"))));
        assertEquals("", search.displayName(List.of()));
    }
}
