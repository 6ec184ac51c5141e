package dev.chezhu.identity.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;

/**
 * Checks a whole observation and reports every problem at once; nothing is written for an
 * observation with any violation. Junk identifier values are set aside here (reported, never
 * stored); an observation with nothing but junk is refused as ALL_IDENTIFIERS_BLOCKED.
 */
public final class ObservationValidator {

    public static final int MAX_IDENTIFIERS = 50;
    static final int MAX_TRAITS = 50;
    static final int MAX_VEHICLES = 10;
    static final int MAX_INTERESTS = 20;
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Pattern REQUEST_ID = Pattern.compile("^[\\x21-\\x7e]{1,128}$");
    public static final Pattern SOURCE = Pattern
            .compile("^(app|mini_program|call_centre|head_unit|store_visit|dealer_crm:[A-Za-z0-9_\\-]{1,32})$");
    public static final String SOURCE_DESCRIPTION =
            "must be one of app, mini_program, call_centre, head_unit, store_visit, dealer_crm:<dealer_id>";
    private static final Pattern TRAIT_KEY = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");
    private static final Pattern TAG = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");
    private static final Pattern PRINTABLE = Pattern.compile("^\\P{Cntrl}+$");
    public static final Pattern VIN = Pattern.compile("^[A-HJ-NPR-Z0-9]{17}$");

    private final IdentifierNormalizer normalizer;
    private final Guardrails guardrails;
    private final Clock clock;

    public ObservationValidator(IdentifierNormalizer normalizer, Guardrails guardrails, Clock clock) {
        this.normalizer = normalizer;
        this.guardrails = guardrails;
        this.clock = clock;
    }

    private static final Pattern PLATE = Pattern.compile("^[\\p{L}\\p{N}]{2,12}$");
    private static final int MAX_VEHICLE_TEXT = 64;

    /** Vehicle attributes trimmed (blank = not reported), plate normalised, each checked. */
    VehicleLink.Attributes vehicleAttributes(VehicleLink.Attributes given, String prefix, Violations violations) {
        String brand = blankToNull(given.brand());
        String model = blankToNull(given.model());
        violations.require(brand == null || (brand.length() <= MAX_VEHICLE_TEXT && PRINTABLE.matcher(brand).matches()),
                prefix + "brand", "at most " + MAX_VEHICLE_TEXT + " printable characters");
        violations.require(model == null || (model.length() <= MAX_VEHICLE_TEXT && PRINTABLE.matcher(model).matches()),
                prefix + "model", "at most " + MAX_VEHICLE_TEXT + " printable characters");
        Integer year = given.modelYear() == null || given.modelYear() == 0 ? null : given.modelYear();
        int latest = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).getYear() + 2;
        violations.require(year == null || (year >= 1950 && year <= latest), prefix + "model_year",
                "between 1950 and " + latest + " (0 = unknown)");
        String plate = VehicleLink.Attributes.normalisePlate(given.licencePlate());
        violations.require(plate == null || PLATE.matcher(plate).matches(), prefix + "licence_plate",
                "2-12 letters and digits (spaces, dots and dashes are ignored)");
        return new VehicleLink.Attributes(brand, model, year, plate);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public Observation validate(IdentifyCommand command) {
        Violations violations = new Violations();
        violations.require(command.requestId() != null && REQUEST_ID.matcher(command.requestId()).matches(),
                "request_id", "required: 1-128 printable ASCII characters, unique per observation");
        violations.require(command.source() != null && SOURCE.matcher(command.source()).matches(), "source",
                SOURCE_DESCRIPTION);

        TreeSet<IdentifierKey> keys = new TreeSet<>();
        Map<IdentifierKey, Integer> indexes = new HashMap<>();
        List<Observation.Ignored> blocked = new ArrayList<>();
        List<FieldViolation> blockedViolations = new ArrayList<>();
        List<RawIdentifier> identifiers = command.identifiers();
        if (identifiers.isEmpty()) {
            violations.add("identifiers", "at least one identifier is required");
        } else if (identifiers.size() > MAX_IDENTIFIERS) {
            violations.add("identifiers", "at most " + MAX_IDENTIFIERS + " identifiers per observation, got "
                    + identifiers.size());
        } else {
            for (int i = 0; i < identifiers.size(); i++) {
                String field = "identifiers[" + i + "]";
                var key = normalizer.normalize(identifiers.get(i), field, violations);
                if (key.isEmpty()) {
                    continue;
                }
                if (guardrails.isJunk(key.get())) {
                    blocked.add(new Observation.Ignored(i, key.get().kind(), GuardrailReason.BLOCKED_VALUE));
                    blockedViolations.add(new FieldViolation(field + ".value",
                            "a placeholder or test value (blocked): it cannot identify anyone"));
                } else if (keys.add(key.get())) {
                    indexes.put(key.get(), i);
                }
            }
            checkLimits(keys, violations);
        }

        Map<String, String> traits = new LinkedHashMap<>();
        if (command.traits().size() > MAX_TRAITS) {
            violations.add("traits", "at most " + MAX_TRAITS + " traits per observation");
        } else {
            new TreeMap<>(command.traits()).forEach((key, value) -> {
                if (!TRAIT_KEY.matcher(key).matches()) {
                    violations.add("traits[" + key + "]", "trait keys are snake_case, at most 64 characters");
                } else if (value == null || value.isBlank() || value.length() > 512
                        || !PRINTABLE.matcher(value).matches()) {
                    violations.add("traits[" + key + "]", "trait values are 1-512 printable characters");
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
                vehicles.add(new VehicleLink(vin, link.role(), command.source(), link.createdAt(),
                        vehicleAttributes(link.attributes(), "vehicles[" + i + "].", violations)));
            }
        }

        Set<String> interests = new LinkedHashSet<>();
        if (command.interests().size() > MAX_INTERESTS) {
            violations.add("interest_tags", "at most " + MAX_INTERESTS + " interest tags per observation");
        } else {
            for (int i = 0; i < command.interests().size(); i++) {
                String tag = normaliseTag(command.interests().get(i));
                if (TAG.matcher(tag).matches()) {
                    interests.add(tag);
                } else {
                    violations.add("interest_tags[" + i + "]", "a tag is 1-64 of a-z, 0-9 and _ (e.g. pop_music)");
                }
            }
        }

        Instant now = clock.instant();
        Instant observedAt = (command.observedAt() == null ? now : command.observedAt())
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        violations.require(!observedAt.isAfter(now.plus(MAX_CLOCK_SKEW)), "observe_time",
                "must not be in the future");

        violations.throwIfAny("INVALID_OBSERVATION");
        if (keys.isEmpty()) {
            // only junk: nothing could identify a person, and nothing is written
            throw ServiceException.invalidArgument("ALL_IDENTIFIERS_BLOCKED", blockedViolations);
        }
        return new Observation(command.requestId(), command.source(), keys, traits, vehicles, observedAt,
                List.copyOf(interests), Map.copyOf(indexes), List.copyOf(blocked));
    }

    /** One observation cannot carry more identifiers of a type than one person may have. */
    private void checkLimits(Set<IdentifierKey> keys, Violations violations) {
        Map<String, Integer> perBucket = new TreeMap<>();
        keys.forEach(key -> perBucket.merge(key.bucket(), 1, Integer::sum));
        perBucket.forEach((bucket, count) -> {
            IdentifierKind kind = IdentifierKey.kindOfBucket(bucket);
            int limit = guardrails.limit(kind);
            if (count > limit) {
                violations.add("identifiers", "at most " + limit + " " + kind.name().toLowerCase(Locale.ROOT)
                        + (kind.scoped() ? " per scope" : "") + " per person, this observation has " + count);
            }
        });
    }

    static String normaliseTag(String raw) {
        return raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-]+", "_");
    }
}
