package dev.chezhu.telematics.grpc;

import static dev.chezhu.telematics.grpc.TelemetryFixtures.SPEED;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.append;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.batches;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.number;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.point;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.GetVehicleStateRequest;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import io.grpc.CallCredentials;
import io.grpc.StatusRuntimeException;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call what: roles, the head unit's VIN binding, and authorisation before validation and existence. */
@QuarkusTest
class GrpcSecurityTest {

    private static final String VIN = TestCallers.HEAD_UNIT_VIN;
    private static final String OTHER_VIN = TestCallers.OTHER_HEAD_UNIT_VIN;

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub telematics;

    @Inject
    DataSource db;

    private static AppendTelemetryRequest oneSpeed(String vin, String session) {
        return append(vin, session, 1, List.of(point(SPEED, number(50), Instant.now())));
    }

    private static GetVehicleStateRequest stateOf(String vin) {
        return GetVehicleStateRequest.newBuilder().setName("vehicles/" + vin).build();
    }

    private StatusRuntimeException appendAs(CallCredentials caller, AppendTelemetryRequest request) {
        TelematicsServiceBlockingStub stub = caller == null ? telematics : telematics.withCallCredentials(caller);
        return assertThrows(StatusRuntimeException.class, () -> stub.appendTelemetry(request));
    }

    private StatusRuntimeException readAs(CallCredentials caller, String vin) {
        TelematicsServiceBlockingStub stub = caller == null ? telematics : telematics.withCallCredentials(caller);
        return assertThrows(StatusRuntimeException.class, () -> stub.getVehicleState(stateOf(vin)));
    }

    private static void assertRefused(Status.Code code, String reason, StatusRuntimeException refused) {
        assertEquals(code, refused.getStatus().getCode());
        assertEquals(reason, ErrorDetails.errorInfo(refused).orElseThrow().getReason());
    }

    @Test
    void noTokenIsUnauthenticated() {
        assertRefused(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", appendAs(null, oneSpeed(VIN, session())));
        assertRefused(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", readAs(null, VIN));
    }

    @Test
    void onlyHeadUnitsAppend() {
        for (CallCredentials caller : List.of(TestCallers.partner(), TestCallers.dealerD001(),
                TestCallers.service("recommendation-service"), TestCallers.platformAdmin())) {
            String session = session();
            assertRefused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", appendAs(caller, oneSpeed(VIN, session)));
            assertEquals(0, batches(db, VIN, session));
        }
    }

    @Test
    void aHeadUnitCannotAppendForAnotherVehicleEvenWithAnInvalidBatch() {
        String session = session();
        assertRefused(Status.Code.PERMISSION_DENIED, "VEHICLE_NOT_ALLOWED",
                appendAs(TestCallers.headUnit(), oneSpeed(OTHER_VIN, session)));
        assertEquals(0, batches(db, OTHER_VIN, session));

        // authorisation comes first: an oversized batch or a malformed name is still PERMISSION_DENIED
        AppendTelemetryRequest oversized = append(OTHER_VIN, session, 1,
                Collections.nCopies(5001, point(SPEED, number(1), Instant.now())));
        assertRefused(Status.Code.PERMISSION_DENIED, "VEHICLE_NOT_ALLOWED", appendAs(TestCallers.headUnit(), oversized));
        AppendTelemetryRequest malformed = AppendTelemetryRequest.newBuilder(oneSpeed(VIN, session))
                .setVehicle("cars/" + VIN).build();
        assertRefused(Status.Code.PERMISSION_DENIED, "VEHICLE_NOT_ALLOWED", appendAs(TestCallers.headUnit(), malformed));
    }

    @Test
    void aHeadUnitReadsOnlyItsOwnVehicleBeforeExistenceIsChecked() {
        // the other head unit's vehicle: refused whether or not it has a state
        assertRefused(Status.Code.PERMISSION_DENIED, "VEHICLE_NOT_ALLOWED", readAs(TestCallers.headUnit(), OTHER_VIN));
        assertRefused(Status.Code.PERMISSION_DENIED, "VEHICLE_NOT_ALLOWED",
                readAs(TestCallers.otherHeadUnit(), VIN));
        assertRefused(Status.Code.PERMISSION_DENIED, "VEHICLE_NOT_ALLOWED",
                readAs(TestCallers.headUnit(), "WVWZZZ1JZXW000001"));
        // a staff member asking for the same unknown vehicle learns that it does not exist
        assertRefused(Status.Code.NOT_FOUND, "VEHICLE_STATE_NOT_FOUND", readAs(TestCallers.dealerD001(),
                "WVWZZZ1JZXW000001"));
    }
}
