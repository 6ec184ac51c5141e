package dev.chezhu.platform.error;

import java.util.List;
import java.util.Map;

import io.grpc.Status;

/**
 * The one exception domain code throws for a refusal a caller should see. It carries a canonical
 * gRPC code, an UPPER_SNAKE reason (google.rpc.ErrorInfo) and, for invalid input, field violations
 * (google.rpc.BadRequest); {@link GrpcExceptionHandlerProvider} turns it into a status with details.
 */
public class ServiceException extends RuntimeException {

    private final Status.Code code;
    private final String reason;
    private final Map<String, String> metadata;
    private final List<FieldViolation> violations;

    public ServiceException(Status.Code code, String reason, String message, Map<String, String> metadata,
            List<FieldViolation> violations) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
        this.violations = List.copyOf(violations);
    }

    public static ServiceException invalidArgument(String reason, List<FieldViolation> violations) {
        String message = violations.isEmpty() ? "Invalid request"
                : violations.get(0).field() + ": " + violations.get(0).description()
                        + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "");
        return new ServiceException(Status.Code.INVALID_ARGUMENT, reason, message, Map.of(), violations);
    }

    public static ServiceException invalidField(String field, String description) {
        return invalidArgument("INVALID_ARGUMENT", List.of(new FieldViolation(field, description)));
    }

    public static ServiceException notFound(String reason, String resourceName) {
        return new ServiceException(Status.Code.NOT_FOUND, reason, resourceName + " does not exist",
                Map.of("resource", resourceName), List.of());
    }

    public static ServiceException permissionDenied(String reason, String message) {
        return new ServiceException(Status.Code.PERMISSION_DENIED, reason, message, Map.of(), List.of());
    }

    public static ServiceException failedPrecondition(String reason, String message) {
        return new ServiceException(Status.Code.FAILED_PRECONDITION, reason, message, Map.of(), List.of());
    }

    public static ServiceException alreadyExists(String reason, String message) {
        return new ServiceException(Status.Code.ALREADY_EXISTS, reason, message, Map.of(), List.of());
    }

    public static ServiceException aborted(String reason, String message) {
        return new ServiceException(Status.Code.ABORTED, reason, message, Map.of(), List.of());
    }

    public Status.Code code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
