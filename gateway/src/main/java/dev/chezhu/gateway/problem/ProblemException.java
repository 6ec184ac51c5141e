package dev.chezhu.gateway.problem;

import java.util.List;

/** A refusal decided by the gateway itself (scope, dealer, idempotency, input), rendered as problem+json. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String reason;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String reason, String detail) {
        this(status, reason, detail, List.of());
    }

    public ProblemException(int status, String reason, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
