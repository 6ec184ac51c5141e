package dev.chezhu.gateway.problem;

/** A refusal decided by the gateway itself (scope, dealer, idempotency), rendered as problem+json. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String reason;

    public ProblemException(int status, String reason, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
