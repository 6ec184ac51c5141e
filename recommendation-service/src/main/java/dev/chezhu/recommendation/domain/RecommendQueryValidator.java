package dev.chezhu.recommendation.domain;

import java.util.Optional;

import dev.chezhu.platform.error.Violations;

/** Checks a recommendation request and reports every problem at once. */
public final class RecommendQueryValidator {

    public static final int MIN_COUNT = 1;
    public static final int MAX_COUNT = 100;

    private RecommendQueryValidator() {
    }

    public static RecommendQuery validate(RecommendCommand command) {
        Violations violations = new Violations();
        Optional<String> person = ResourceNames.person(command.person(), "person", violations);
        Optional<String> vin = ResourceNames.vehicle(command.vehicle(), "vehicle", violations);
        if (!ResourceNames.present(command.person()) && !ResourceNames.present(command.vehicle())) {
            violations.add("person", "a person or a vehicle is required (person or vehicle)");
        }
        violations.require(command.place() != null, "context.place", "unknown value");
        violations.require(command.dayPart() != null, "context.day_part", "unknown value");
        violations.require(command.drivingState() != null, "context.driving_state", "unknown value");
        violations.require(command.count() >= MIN_COUNT && command.count() <= MAX_COUNT, "count",
                "must be between " + MIN_COUNT + " and " + MAX_COUNT);
        violations.throwIfAny("INVALID_RECOMMEND_REQUEST");
        return new RecommendQuery(new Listener(person, vin),
                new ListeningContext(command.place(), command.dayPart(), command.drivingState()), command.count());
    }
}
