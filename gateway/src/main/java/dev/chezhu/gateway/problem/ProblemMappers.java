package dev.chezhu.gateway.problem;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import dev.chezhu.platform.error.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Every failure leaves the gateway as application/problem+json. gRPC statuses map as Google's
 * API design guide maps them to HTTP; ErrorInfo becomes {@code reason}, BadRequest field violations
 * become {@code errors} so a form can mark each field.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    static int httpStatus(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case CANCELLED -> 499;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            default -> 500;
        };
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    @ServerExceptionMapper
    public Response fromGrpc(StatusRuntimeException failure) {
        int status = httpStatus(failure.getStatus().getCode());
        String reason = ErrorDetails.errorInfo(failure).map(ErrorInfo::getReason)
                .orElse(failure.getStatus().getCode().name());
        List<Problem.FieldError> errors = ErrorDetails.badRequest(failure)
                .map(b -> b.getFieldViolationsList().stream()
                        .map((BadRequest.FieldViolation v) -> new Problem.FieldError(v.getField(), v.getDescription()))
                        .toList())
                .orElse(List.of());
        String detail = failure.getStatus().getDescription();
        if (status >= 500) {
            LOG.warnf("backend failure %s: %s", failure.getStatus().getCode(), detail);
            detail = failure.getStatus().getCode() == Status.Code.UNAVAILABLE ? "A backend service is unavailable"
                    : "The request could not be completed";
        }
        return problem(Problem.of(status, title(status), reason, detail, errors));
    }

    @ServerExceptionMapper
    public Response fromGateway(ProblemException failure) {
        return problem(Problem.of(failure.status(), title(failure.status()), failure.reason(), failure.getMessage(),
                failure.errors()));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException failure) {
        return Response.fromResponse(problem(Problem.of(401, "Unauthorized", "UNAUTHENTICATED",
                "A valid bearer token from the Keycloak realm chezhu is required", List.of())))
                .header("WWW-Authenticate", "Bearer realm=\"chezhu\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException failure) {
        return problem(Problem.of(403, "Forbidden", "ROLE_NOT_ALLOWED", "The caller's roles do not allow this call",
                List.of()));
    }

    /** A body that is not the JSON the operation documents: which field, and what was expected. */
    // named explicitly: quarkus-rest-jackson maps MismatchedInputException itself, as plain JSON
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class, InvalidFormatException.class })
    public Response unreadableJson(JsonProcessingException failure) {
        String field = failure instanceof JsonMappingException mapping ? mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : "";
        String message = failure instanceof JsonMappingException ? "has the wrong type or format"
                : "is not valid JSON (" + failure.getOriginalMessage() + ")";
        String name = field.isEmpty() ? "body" : field;
        return problem(Problem.of(400, "Bad Request", "INVALID_JSON", name + " " + message,
                List.of(new Problem.FieldError(name, message))));
    }

    @ServerExceptionMapper
    public Response fromWebApplication(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        String reason = status == 413 ? "REQUEST_TOO_LARGE" : status == 404 ? "NOT_FOUND" : "BAD_REQUEST";
        return problem(Problem.of(status, title(status), reason, failure.getMessage(), List.of()));
    }
}
