package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;

class ObservationValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final ObservationValidator validator = new ObservationValidator(new IdentifierNormalizer("k"),
            TestGuardrails.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static IdentifyCommand command(String source, List<RawIdentifier> identifiers) {
        return new IdentifyCommand("req-1", source, identifiers, Map.of(), List.of(), null);
    }

    @Test
    void validObservationIsNormalisedAndSorted() {
        Observation observation = validator.validate(new IdentifyCommand("req-1", "dealer_crm:D001",
                List.of(new RawIdentifier(IdentifierKind.PHONE, "138 0013 8000", ""),
                        new RawIdentifier(IdentifierKind.DEALER_CRM_ID, "C-77", "D001")),
                Map.of("given_name", " Wei "),
                List.of(new VehicleLink("lsvau2180n2183294", VehicleLink.VehicleRole.OWNER, null, null)), null));
        assertEquals(2, observation.identifiers().size());
        assertEquals(IdentifierKind.DEALER_CRM_ID, observation.identifiers().first().kind(), "sorted by canonical form");
        assertEquals("Wei", observation.traits().get("given_name"));
        assertEquals("LSVAU2180N2183294", observation.vehicles().get(0).vin());
        assertEquals(NOW, observation.observedAt());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(new IdentifyCommand(
                "", "fax", List.of(new RawIdentifier(IdentifierKind.PHONE, "12", "")), Map.of("Bad Key", "v"),
                List.of(new VehicleLink("SHORT", null, null, null)), NOW.plusSeconds(3600))));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.code());
        assertEquals("INVALID_OBSERVATION", refused.reason());
        List<String> fields = refused.violations().stream().map(FieldViolation::field).toList();
        assertEquals(List.of("request_id", "source", "identifiers[0].value", "traits[Bad Key]", "vehicles[0].vin",
                "vehicles[0].role", "observe_time"), fields);
    }

    @Test
    void emptyAndOversizedObservationsAreRefused() {
        ServiceException empty = assertThrows(ServiceException.class, () -> validator.validate(command("app", List.of())));
        assertEquals("identifiers", empty.violations().get(0).field());

        List<RawIdentifier> tenThousand = Collections.nCopies(10_000,
                new RawIdentifier(IdentifierKind.APP_ACCOUNT, "a", ""));
        ServiceException huge = assertThrows(ServiceException.class, () -> validator.validate(command("app", tenThousand)));
        assertTrue(huge.violations().get(0).description().contains("at most 50"));
    }

    @Test
    void junkIsSetAsideAndOnlyJunkIsRefused() {
        Observation observation = validator.validate(command("app", List.of(
                new RawIdentifier(IdentifierKind.PHONE, "139 1234 5678", ""),
                new RawIdentifier(IdentifierKind.PHONE, "138-0000-0000", ""),
                new RawIdentifier(IdentifierKind.APP_ACCOUNT, "NULL", ""))));
        assertEquals(1, observation.identifiers().size());
        assertEquals(List.of(1, 2), observation.blocked().stream().map(Observation.Ignored::index).toList());

        ServiceException allJunk = assertThrows(ServiceException.class, () -> validator.validate(command("app",
                List.of(new RawIdentifier(IdentifierKind.EMAIL, "test@test.com", "")))));
        assertEquals("ALL_IDENTIFIERS_BLOCKED", allJunk.reason());
        assertEquals("identifiers[0].value", allJunk.violations().get(0).field());
    }

    @Test
    void oneObservationCannotCarryMoreOfATypeThanOnePersonMayHave() {
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(command("app", List.of(
                new RawIdentifier(IdentifierKind.APP_ACCOUNT, "a", ""),
                new RawIdentifier(IdentifierKind.APP_ACCOUNT, "b", "")))));
        assertEquals("identifiers", refused.violations().get(0).field());
        // the same phone spelt twice is one phone
        Observation same = validator.validate(command("app", List.of(new RawIdentifier(IdentifierKind.PHONE, "13912345678", ""),
                new RawIdentifier(IdentifierKind.PHONE, "+86 139-1234-5678", ""))));
        assertEquals(1, same.identifiers().size());
        assertEquals(0, same.indexOf(same.identifiers().first()));
    }

    @Test
    void interestTagsAreNormalisedAndChecked() {
        Observation observation = validator.validate(new IdentifyCommand("r", "app",
                List.of(new RawIdentifier(IdentifierKind.PHONE, "13912345678", "")), Map.of(), List.of(), null,
                List.of("Pop Music", "finance-news", "travel", "travel")));
        assertEquals(List.of("pop_music", "finance_news", "travel"), observation.interests());
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(new IdentifyCommand("r",
                "app", List.of(new RawIdentifier(IdentifierKind.PHONE, "13912345678", "")), Map.of(), List.of(), null,
                List.of("ok", "<script>"))));
        assertEquals("interest_tags[1]", refused.violations().get(0).field());
    }
}
