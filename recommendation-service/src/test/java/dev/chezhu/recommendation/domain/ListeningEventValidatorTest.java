package dev.chezhu.recommendation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.recommendation.domain.ListeningContext.DayPart;
import dev.chezhu.recommendation.domain.ListeningContext.DrivingState;
import dev.chezhu.recommendation.domain.ListeningContext.Place;
import io.grpc.Status;

class ListeningEventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final ListeningEventValidator validator = new ListeningEventValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    private static RecordEventCommand command(String person, String vehicle, Duration listened, Instant eventTime) {
        return new RecordEventCommand("req-1", true, person, vehicle, "items/night-drive-radio", EventType.COMPLETED,
                listened, Place.IN_CAR, DayPart.EVENING, DrivingState.CITY, eventTime);
    }

    private static List<String> fields(ServiceException refused) {
        return refused.violations().stream().map(FieldViolation::field).toList();
    }

    @Test
    void validEventIsNormalised() {
        NewListeningEvent event = validator.validate(command("persons/p-42", "vehicles/lsvau2180n2183294",
                Duration.ofSeconds(95, 123_456_789), null));
        assertEquals(Optional.of("p-42"), event.listener().personId());
        assertEquals(Optional.of("LSVAU2180N2183294"), event.listener().vin());
        assertEquals("night-drive-radio", event.itemId());
        assertEquals(Duration.ofMillis(95_123), event.listened(), "kept at millisecond precision");
        assertEquals(NOW, event.eventTime(), "the server's time when the client sent none");
    }

    @Test
    void eventTimeIsKeptAtTheDatabasesPrecision() {
        Instant sent = NOW.minusSeconds(60).plusNanos(123_456_789);
        assertEquals(NOW.minusSeconds(60).plusNanos(123_456_000),
                validator.validate(command("persons/p", null, null, sent)).eventTime());
        assertEquals(Instant.parse("2026-11-25T10:00:00.123456Z"), new ListeningEventValidator(
                Clock.fixed(NOW.plusNanos(123_456_789), ZoneOffset.UTC))
                .validate(command("persons/p", null, null, null)).eventTime());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(new RecordEventCommand(
                "", true, "people/1", "vehicles/SHORT", "catalogue/x", null, Duration.ofSeconds(-1), null, null, null,
                NOW.plus(Duration.ofHours(1)))));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.code());
        assertEquals("INVALID_LISTENING_EVENT", refused.reason());
        assertEquals(List.of("request_id", "event.person", "event.vehicle", "event.item", "event.type",
                "event.listened", "event.context.place", "event.context.day_part", "event.context.driving_state",
                "event.event_time"), fields(refused));
    }

    @Test
    void personOrVehicleIsRequired() {
        ServiceException refused = assertThrows(ServiceException.class,
                () -> validator.validate(command("", "", Duration.ZERO, null)));
        assertEquals(List.of("event.person"), fields(refused));
    }

    @Test
    void listenedIsBetweenZeroAndADay() {
        validator.validate(command("persons/p", null, Duration.ZERO, null));
        validator.validate(command("persons/p", null, Duration.ofHours(24), null));
        for (Duration bad : new Duration[] { Duration.ofMillis(-1), Duration.ofHours(24).plusSeconds(1) }) {
            ServiceException refused = assertThrows(ServiceException.class,
                    () -> validator.validate(command("persons/p", null, bad, null)));
            assertEquals(List.of("event.listened"), fields(refused));
        }
    }

    @Test
    void eventTimeMayNotBeInTheFutureNorAYearOld() {
        validator.validate(command("persons/p", null, null, NOW.plus(Duration.ofMinutes(4))));
        validator.validate(command("persons/p", null, null, NOW.minus(Duration.ofDays(300))));
        assertThrows(ServiceException.class,
                () -> validator.validate(command("persons/p", null, null, NOW.plus(Duration.ofMinutes(6)))));
        assertThrows(ServiceException.class,
                () -> validator.validate(command("persons/p", null, null, NOW.minus(Duration.ofDays(366)))));
    }

    @Test
    void missingEventIsRefusedWithoutLookingFurther() {
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(
                new RecordEventCommand("req-1", false, "", "", "", null, null, Place.UNSPECIFIED, DayPart.UNSPECIFIED,
                        DrivingState.UNSPECIFIED, null)));
        assertEquals(List.of("event"), fields(refused));
    }

    @Test
    void theFingerprintTellsAResendFromAnotherEvent() {
        NewListeningEvent first = validator.validate(command("persons/p", null, Duration.ofSeconds(30), null));
        NewListeningEvent resent = new ListeningEventValidator(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC))
                .validate(command("persons/p", null, Duration.ofSeconds(30), null));
        NewListeningEvent other = validator.validate(command("persons/p", null, Duration.ofSeconds(31), null));
        assertEquals(first.fingerprint(), resent.fingerprint(), "the server's default event time is not fingerprinted");
        assertNotEquals(first.fingerprint(), other.fingerprint());
    }
}
