package dev.chezhu.identity.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.function.Executable;

import com.google.rpc.BadRequest;

import dev.chezhu.platform.error.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Assertions on refused gRPC calls: status code, ErrorInfo reason, field violations. */
final class Errors {

    private Errors() {
    }

    static StatusRuntimeException refused(Status.Code code, String reason, Executable call) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, refused.getStatus().getCode(), () -> "status of " + refused.getStatus());
        if (reason != null) {
            assertEquals(reason, ErrorDetails.errorInfo(refused).orElseThrow().getReason());
        }
        return refused;
    }

    static List<String> fields(StatusRuntimeException refused) {
        return ErrorDetails.badRequest(refused).map(BadRequest::getFieldViolationsList).orElse(List.of()).stream()
                .map(BadRequest.FieldViolation::getField).toList();
    }
}
