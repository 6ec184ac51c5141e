package dev.chezhu.gateway.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details, with the service's reason code and the fields a form should mark. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(example = "https://chezhu.dev/problems/invalid-observation") String type,
        @Schema(example = "Bad Request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "identifiers[0].value: not a valid phone") String detail,
        @Schema(description = "UPPER_SNAKE reason from the service (google.rpc.ErrorInfo)", example = "INVALID_OBSERVATION") String reason,
        @Schema(description = "One entry per invalid field (google.rpc.BadRequest)") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field. */
    public record FieldError(@Schema(example = "identifiers[0].value") String field,
            @Schema(example = "not a valid phone") String message) {
    }

    public static Problem of(int status, String title, String reason, String detail, List<FieldError> errors) {
        String slug = reason == null ? "about:blank"
                : "https://chezhu.dev/problems/" + reason.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return new Problem(slug, title, status, detail, reason, errors);
    }
}
