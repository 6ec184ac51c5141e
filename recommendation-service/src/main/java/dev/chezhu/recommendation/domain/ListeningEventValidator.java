package dev.chezhu.recommendation.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.chezhu.platform.error.Violations;

/**
 * Checks a whole listening event and reports every problem at once; nothing is stored for an event
 * with any violation. Field paths are those of RecordListeningEventRequest.
 */
public final class ListeningEventValidator {

    public static final Duration MAX_LISTENED = Duration.ofHours(24);
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Head units buffer events while offline; older ones are refused as misdated. */
    static final Duration MAX_AGE = Duration.ofDays(365);
    private static final Pattern REQUEST_ID = Pattern.compile("^[\\x21-\\x7e]{1,128}$");

    private final Clock clock;

    public ListeningEventValidator(Clock clock) {
        this.clock = clock;
    }

    public NewListeningEvent validate(RecordEventCommand command) {
        Violations violations = new Violations();
        violations.require(command.requestId() != null && REQUEST_ID.matcher(command.requestId()).matches(),
                "request_id", "required: 1-128 printable ASCII characters, unique per event");
        if (!command.hasEvent()) {
            violations.add("event", "required");
            violations.throwIfAny("INVALID_LISTENING_EVENT");
        }

        Optional<String> person = ResourceNames.person(command.person(), "event.person", violations);
        Optional<String> vin = ResourceNames.vehicle(command.vehicle(), "event.vehicle", violations);
        if (!ResourceNames.present(command.person()) && !ResourceNames.present(command.vehicle())) {
            violations.add("event.person", "a person or a vehicle is required (event.person or event.vehicle)");
        }
        Optional<String> item = ResourceNames.item(command.item(), "event.item", violations);
        violations.require(command.type() != null, "event.type",
                "required: one of STARTED, SKIPPED, COMPLETED, LIKED, DISLIKED");

        Duration listened = command.listened() == null ? Duration.ZERO : command.listened();
        if (listened.isNegative()) {
            violations.add("event.listened", "must not be negative");
        } else if (listened.compareTo(MAX_LISTENED) > 0) {
            violations.add("event.listened", "must be at most 24 hours");
        }

        violations.require(command.place() != null, "event.context.place", "unknown value");
        violations.require(command.dayPart() != null, "event.context.day_part", "unknown value");
        violations.require(command.drivingState() != null, "event.context.driving_state", "unknown value");

        Instant now = clock.instant();
        if (command.eventTime() != null) {
            violations.require(!command.eventTime().isAfter(now.plus(MAX_CLOCK_SKEW)), "event.event_time",
                    "must not be in the future");
            violations.require(!command.eventTime().isBefore(now.minus(MAX_AGE)), "event.event_time",
                    "must be within the last 365 days");
        }

        violations.throwIfAny("INVALID_LISTENING_EVENT");
        // stored and compared at millisecond precision, so a resend always matches itself
        Duration stored = Duration.ofMillis(listened.toMillis());
        ListeningContext context = new ListeningContext(command.place(), command.dayPart(), command.drivingState());
        // PostgreSQL keeps microseconds: the first answer must equal what a resend reads back
        Instant eventTime = (command.eventTime() == null ? now : command.eventTime()).truncatedTo(ChronoUnit.MICROS);
        return new NewListeningEvent(command.requestId(), new Listener(person, vin), item.orElseThrow(), command.type(),
                stored, context, eventTime, fingerprint(person, vin, item.get(), command.type(), stored, context,
                        command.eventTime()));
    }

    /** Digest of the event as the client sent it (event_time only if sent: the server's default is not). */
    static String fingerprint(Optional<String> person, Optional<String> vin, String item, EventType type,
            Duration listened, ListeningContext context, Instant sentEventTime) {
        String canonical = String.join("|", person.orElse(""), vin.orElse(""), item, type.name(),
                Long.toString(listened.toMillis()), context.place().name(), context.dayPart().name(),
                context.drivingState().name(), sentEventTime == null ? "" : sentEventTime.toString());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
