package dev.chezhu.telematics.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.chezhu.platform.error.Violations;

/**
 * Checks a batch in two tiers. The batch itself (vehicle name, session, sequence, size) must be
 * right or the whole request is refused with every violation. Each datapoint is then checked on its
 * own against the catalogue: the valid ones are kept, the others reported with a reason. Pure logic.
 */
public final class BatchValidator {

    public static final int MAX_DATAPOINTS = 5000;
    public static final int MAX_SESSION_ID_LENGTH = 64;
    /** How far ahead of the service's clock an observe time may be (head unit clock drift). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Observe times before this come from a head unit whose clock is not set. */
    public static final Instant EARLIEST_OBSERVE_TIME = Instant.parse("2000-01-01T00:00:00Z");
    private static final Pattern SESSION_ID = Pattern.compile("^[\\x21-\\x7e]{1," + MAX_SESSION_ID_LENGTH + "}$");

    private final SignalCatalogue catalogue;
    private final Clock clock;

    public BatchValidator(SignalCatalogue catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** Refuses a malformed batch with INVALID_ARGUMENT; otherwise sorts its datapoints into kept and refused. */
    public ValidatedBatch validate(AppendCommand command) {
        Violations violations = new Violations();
        Optional<String> vin = VehicleName.vin(command.vehicle(), false);
        violations.require(vin.isPresent(), "vehicle",
                "must be vehicles/{vin}, a VIN being 17 characters of A-Z (no I, O, Q) and 0-9");
        if (!command.batchPresent()) {
            violations.add("batch", "required");
        } else {
            violations.require(command.sessionId() != null && SESSION_ID.matcher(command.sessionId()).matches(),
                    "batch.session_id", "required: 1-" + MAX_SESSION_ID_LENGTH + " printable ASCII characters");
            violations.require(command.sequence() >= 1, "batch.sequence",
                    "must be at least 1, got " + command.sequence());
            int size = command.datapoints().size();
            violations.require(size >= 1, "batch.datapoints", "at least one datapoint is required");
            violations.require(size <= MAX_DATAPOINTS, "batch.datapoints",
                    "at most " + MAX_DATAPOINTS + " datapoints per batch, got " + size);
        }
        violations.throwIfAny("INVALID_TELEMETRY_BATCH");

        Instant latest = clock.instant().plus(MAX_CLOCK_SKEW);
        List<SignalReading> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<RawDatapoint> datapoints = command.datapoints();
        for (int i = 0; i < datapoints.size(); i++) {
            RawDatapoint datapoint = datapoints.get(i);
            Optional<Problem> problem = check(datapoint, latest);
            if (problem.isPresent()) {
                rejected.add(new Rejection(i, abbreviate(datapoint.signal()),
                        problem.get().reason(), problem.get().description()));
            } else {
                accepted.add(new SignalReading(datapoint.signal(), datapoint.value(),
                        datapoint.observedAt().truncatedTo(ChronoUnit.MICROS)));
            }
        }
        return new ValidatedBatch(vin.orElseThrow(), command.sessionId(), command.sequence(), datapoints.size(),
                accepted, rejected, BatchDigest.of(datapoints));
    }

    private Optional<Problem> check(RawDatapoint datapoint, Instant latest) {
        Optional<SignalDefinition> definition = datapoint.signal() == null ? Optional.empty()
                : catalogue.find(datapoint.signal());
        if (definition.isEmpty()) {
            return Optional.of(new Problem(RejectionReason.UNKNOWN_SIGNAL,
                    "'" + abbreviate(datapoint.signal()) + "' is not a signal this service accepts"));
        }
        Optional<Problem> valueProblem = definition.get().check(datapoint.value());
        if (valueProblem.isPresent()) {
            return valueProblem;
        }
        Instant at = datapoint.observedAt();
        if (at == null) {
            return Optional.of(new Problem(RejectionReason.MISSING_OBSERVE_TIME, "observe_time is required"));
        }
        if (at.isBefore(EARLIEST_OBSERVE_TIME)) {
            return Optional.of(new Problem(RejectionReason.INVALID_OBSERVE_TIME,
                    "observe_time must be a valid timestamp after " + EARLIEST_OBSERVE_TIME
                            + " (is the head unit's clock set?)"));
        }
        if (at.isAfter(latest)) {
            return Optional.of(new Problem(RejectionReason.OBSERVE_TIME_IN_FUTURE,
                    "observe_time is more than " + MAX_CLOCK_SKEW.toMinutes() + " minutes ahead of the service's clock"));
        }
        return Optional.empty();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 128 ? text : text.substring(0, 128) + "…";
    }
}
