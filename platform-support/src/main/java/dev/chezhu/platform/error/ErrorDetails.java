package dev.chezhu.platform.error;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

/** Builds gRPC statuses that carry google.rpc.ErrorInfo and google.rpc.BadRequest details. */
public final class ErrorDetails {

    /** ErrorInfo.domain of every Chezhu error. */
    public static final String DOMAIN = "chezhu.dev";

    private ErrorDetails() {
    }

    public static StatusException statusException(ServiceException failure) {
        return statusException(failure.code(), failure.reason(), failure.getMessage(), failure.metadata(),
                failure.violations());
    }

    public static StatusException statusException(Status.Code code, String reason, String message,
            Map<String, String> metadata, List<FieldViolation> violations) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message == null ? "" : message)
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(reason)
                        .setDomain(DOMAIN)
                        .putAllMetadata(metadata)
                        .build()));
        if (!violations.isEmpty()) {
            BadRequest.Builder badRequest = BadRequest.newBuilder();
            for (FieldViolation violation : violations) {
                badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(violation.field())
                        .setDescription(violation.description()));
            }
            status.addDetails(Any.pack(badRequest.build()));
        }
        return StatusProto.toStatusException(status.build());
    }

    /** The ErrorInfo a failed call carries, if any. */
    public static Optional<ErrorInfo> errorInfo(Throwable failure) {
        return detail(failure, ErrorInfo.class);
    }

    /** The field violations a failed call carries, if any. */
    public static Optional<BadRequest> badRequest(Throwable failure) {
        return detail(failure, BadRequest.class);
    }

    private static <T extends Message> Optional<T> detail(Throwable failure, Class<T> type) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(type)) {
                try {
                    return Optional.of(detail.unpack(type));
                } catch (InvalidProtocolBufferException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
