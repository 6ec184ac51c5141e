package dev.chezhu.recommendation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.recommendation.domain.ListeningContext.DayPart;
import dev.chezhu.recommendation.domain.ListeningContext.DrivingState;
import dev.chezhu.recommendation.domain.ListeningContext.Place;

class RecommendQueryValidatorTest {

    private static RecommendCommand command(String person, String vehicle, int count) {
        return new RecommendCommand(person, vehicle, Place.UNSPECIFIED, DayPart.MORNING, DrivingState.UNSPECIFIED, count);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 10, 100 })
    void countFromOneToAHundred(int count) {
        RecommendQuery query = RecommendQueryValidator.validate(command("persons/p-1", "vehicles/LSVAU2180N2183294", count));
        assertEquals(count, query.count());
        assertEquals(Optional.of("p-1"), query.listener().personId());
        assertEquals(List.of("person:p-1", "vehicle:LSVAU2180N2183294"), query.listener().keys());
    }

    @ParameterizedTest
    @ValueSource(ints = { Integer.MIN_VALUE, -1, 0, 101, 1000 })
    void countOutsideTheRangeIsRefused(int count) {
        ServiceException refused = assertThrows(ServiceException.class,
                () -> RecommendQueryValidator.validate(command("persons/p-1", null, count)));
        assertEquals(List.of("count"), refused.violations().stream().map(FieldViolation::field).toList());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ServiceException refused = assertThrows(ServiceException.class, () -> RecommendQueryValidator.validate(
                new RecommendCommand("", " ", null, DayPart.NIGHT, null, 0)));
        assertEquals("INVALID_RECOMMEND_REQUEST", refused.reason());
        assertEquals(List.of("person", "context.place", "context.driving_state", "count"),
                refused.violations().stream().map(FieldViolation::field).toList());
    }
}
