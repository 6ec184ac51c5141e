package dev.chezhu.gateway.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.chezhu.gateway.problem.Problem;
import dev.chezhu.gateway.problem.ProblemException;

/**
 * Input checks the gateway can make without a backend: every problem of a request is collected, then
 * refused at once as 400 with one entry per field, so a form can mark them all. Deeper rules (a
 * valid phone, a known signal) stay with the services, whose field violations are passed on as well.
 */
final class Checks {

    /** Path segments that are IDs: no slash, no blanks, a sane length. */
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._:@-]{1,128}$");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    static Checks of() {
        return new Checks();
    }

    Checks require(boolean condition, String field, String message) {
        if (!condition) {
            errors.add(new Problem.FieldError(field, message));
        }
        return this;
    }

    Checks id(String value, String field) {
        return require(value != null && ID.matcher(value).matches(), field,
                "must be 1-128 letters, digits or . _ : @ -");
    }

    Checks present(String value, String field) {
        return require(value != null && !value.isBlank(), field, "is required");
    }

    Checks pageSize(Integer pageSize, int max) {
        return require(pageSize == null || (pageSize >= 1 && pageSize <= max), "pageSize",
                "must be between 1 and " + max);
    }

    Checks pageToken(String pageToken) {
        return require(pageToken == null || pageToken.length() <= 512, "pageToken", "is not a token this API issued");
    }

    /** An ISO-8601 instant, or null (the error is recorded) when it does not parse. */
    Instant instant(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            require(!required, field, "is required (ISO-8601, e.g. 2026-11-25T08:00:00Z)");
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 instant, e.g. 2026-11-25T08:00:00Z"));
            return null;
        }
    }

    /** An ISO-8601 duration such as PT5M, or null (the error is recorded) when it does not parse. */
    Duration duration(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 duration, e.g. PT5M or PT1H"));
            return null;
        }
    }

    boolean isValid() {
        return errors.isEmpty();
    }

    /** Refuses the request when anything was wrong. */
    void orRefuse() {
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "INVALID_REQUEST", errors.size() == 1
                    ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " fields are invalid", errors);
        }
    }

    static int pageSize(Integer pageSize) {
        return pageSize == null ? 0 : pageSize;
    }

    static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
