package dev.chezhu.platform.error;

/** One invalid field of a request, as a form can show it next to the field. */
public record FieldViolation(String field, String description) {
}
