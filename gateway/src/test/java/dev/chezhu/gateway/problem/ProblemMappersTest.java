package dev.chezhu.gateway.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.error.FieldViolation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void statusCodesFollowTheGoogleMapping() {
        assertEquals(400, ProblemMappers.httpStatus(Status.Code.INVALID_ARGUMENT));
        assertEquals(401, ProblemMappers.httpStatus(Status.Code.UNAUTHENTICATED));
        assertEquals(403, ProblemMappers.httpStatus(Status.Code.PERMISSION_DENIED));
        assertEquals(404, ProblemMappers.httpStatus(Status.Code.NOT_FOUND));
        assertEquals(409, ProblemMappers.httpStatus(Status.Code.ALREADY_EXISTS));
        assertEquals(429, ProblemMappers.httpStatus(Status.Code.RESOURCE_EXHAUSTED));
        assertEquals(503, ProblemMappers.httpStatus(Status.Code.UNAVAILABLE));
        assertEquals(500, ProblemMappers.httpStatus(Status.Code.INTERNAL));
    }

    @Test
    void fieldViolationsBecomeAListAFormCanShow() {
        var grpc = ErrorDetails.statusException(Status.Code.INVALID_ARGUMENT, "INVALID_OBSERVATION", "bad input",
                Map.of(), List.of(new FieldViolation("identifiers[0].value", "not a valid phone"),
                        new FieldViolation("source", "unknown touchpoint")));
        Response response = mappers.fromGrpc(new StatusRuntimeException(grpc.getStatus(), grpc.getTrailers()));
        Problem problem = (Problem) response.getEntity();
        assertEquals(400, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals("INVALID_OBSERVATION", problem.reason());
        assertEquals("https://chezhu.dev/problems/invalid-observation", problem.type());
        assertEquals(List.of(new Problem.FieldError("identifiers[0].value", "not a valid phone"),
                new Problem.FieldError("source", "unknown touchpoint")), problem.errors());
    }

    @Test
    void internalDetailsDoNotLeak() {
        Response response = mappers.fromGrpc(Status.INTERNAL.withDescription("NullPointerException at Foo.java:12")
                .asRuntimeException());
        Problem problem = (Problem) response.getEntity();
        assertEquals(500, problem.status());
        assertEquals("The request could not be completed", problem.detail());
    }
}
