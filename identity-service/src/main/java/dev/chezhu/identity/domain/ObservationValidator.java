package dev.chezhu.identity.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.chezhu.platform.error.Violations;

/**
 * Checks a whole observation and reports every problem at once; nothing is written for an
 * observation with any violation.
 */
public final class ObservationValidator {

    public static final int MAX_IDENTIFIERS = 50;
    static final int MAX_TRAITS = 50;
    static final int MAX_VEHICLES = 10;
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern REQUEST_ID = Pattern.compile("^[\\x21-\\x7e]{1,128}$");
    private static final Pattern SOURCE = Pattern
            .compile("^(app|mini_program|call_centre|head_unit|store_visit|dealer_crm:[A-Za-z0-9_\\-]{1,32})$");
    private static final Pattern TRAIT_KEY = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");
    public static final Pattern VIN = Pattern.compile("^[A-HJ-NPR-Z0-9]{17}$");

    private final IdentifierNormalizer normalizer;
    private final Clock clock;

    public ObservationValidator(IdentifierNormalizer normalizer, Clock clock) {
        this.normalizer = normalizer;
        this.clock = clock;
    }

    public Observation validate(IdentifyCommand command) {
        Violations violations = new Violations();
        violations.require(command.requestId() != null && REQUEST_ID.matcher(command.requestId()).matches(),
                "request_id", "required: 1-128 printable ASCII characters, unique per observation");
        violations.require(command.source() != null && SOURCE.matcher(command.source()).matches(), "source",
                "must be one of app, mini_program, call_centre, head_unit, store_visit, dealer_crm:<dealer_id>");

        TreeSet<IdentifierKey> keys = new TreeSet<>();
        List<RawIdentifier> identifiers = command.identifiers();
        if (identifiers.isEmpty()) {
            violations.add("identifiers", "at least one identifier is required");
        } else if (identifiers.size() > MAX_IDENTIFIERS) {
            violations.add("identifiers", "at most " + MAX_IDENTIFIERS + " identifiers per observation, got "
                    + identifiers.size());
        } else {
            for (int i = 0; i < identifiers.size(); i++) {
                normalizer.normalize(identifiers.get(i), "identifiers[" + i + "]", violations).ifPresent(keys::add);
            }
        }

        Map<String, String> traits = new LinkedHashMap<>();
        if (command.traits().size() > MAX_TRAITS) {
            violations.add("traits", "at most " + MAX_TRAITS + " traits per observation");
        } else {
            command.traits().forEach((key, value) -> {
                if (!TRAIT_KEY.matcher(key).matches()) {
                    violations.add("traits[" + key + "]", "trait keys are snake_case, at most 64 characters");
                } else if (value == null || value.isBlank() || value.length() > 512) {
                    violations.add("traits[" + key + "]", "trait values are 1-512 characters");
                } else {
                    traits.put(key, value.trim());
                }
            });
        }

        List<VehicleLink> vehicles = new ArrayList<>();
        if (command.vehicles().size() > MAX_VEHICLES) {
            violations.add("vehicles", "at most " + MAX_VEHICLES + " vehicles per observation");
        } else {
            for (int i = 0; i < command.vehicles().size(); i++) {
                VehicleLink link = command.vehicles().get(i);
                String vin = link.vin() == null ? "" : link.vin().trim().toUpperCase(Locale.ROOT);
                violations.require(VIN.matcher(vin).matches(), "vehicles[" + i + "].vin",
                        "a VIN is 17 characters of A-Z (no I, O, Q) and 0-9");
                violations.require(link.role() != null, "vehicles[" + i + "].role", "role is required");
                vehicles.add(new VehicleLink(vin, link.role(), command.source(), link.createdAt()));
            }
        }

        Instant now = clock.instant();
        Instant observedAt = command.observedAt() == null ? now : command.observedAt();
        violations.require(!observedAt.isAfter(now.plus(MAX_CLOCK_SKEW)), "observe_time",
                "must not be in the future");

        violations.throwIfAny("INVALID_OBSERVATION");
        return new Observation(command.requestId(), command.source(), keys, traits, vehicles, observedAt);
    }
}
