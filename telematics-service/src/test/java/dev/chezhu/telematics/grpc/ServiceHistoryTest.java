package dev.chezhu.telematics.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.google.protobuf.util.JsonFormat;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.tools.VerifyServiceHistoryCli;
import dev.chezhu.telematics.v1.GetServiceHistoryRequest;
import dev.chezhu.telematics.v1.RecordServiceVisitRequest;
import dev.chezhu.telematics.v1.RecordServiceVisitResponse;
import dev.chezhu.telematics.v1.ServiceHistoryFinding;
import dev.chezhu.telematics.v1.ServiceHistoryReport;
import dev.chezhu.telematics.v1.ServicePart;
import dev.chezhu.telematics.v1.ServiceRecord;
import dev.chezhu.telematics.v1.ServiceVisitInput;
import dev.chezhu.telematics.v1.ServiceWorkItem;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import dev.chezhu.telematics.v1.VerifyServiceHistoryRequest;
import dev.chezhu.telematics.v1.VerifyServiceHistoryResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Dealers record visits into a signed hash chain; readers get it as a report; tampering is detected. */
@QuarkusTest
class ServiceHistoryTest {

    private static final Random RANDOM = new Random();
    private static final String VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub telematics;

    static String freshVin() {
        StringBuilder vin = new StringBuilder("TEST");
        while (vin.length() < 17) {
            vin.append(VIN_CHARS.charAt(RANDOM.nextInt(VIN_CHARS.length())));
        }
        return vin.toString();
    }

    static ServiceVisitInput visit(int odometer) {
        return ServiceVisitInput.newBuilder().setVisitDate("2026-11-20").setOdometerKm(odometer)
                .addWorkItems(ServiceWorkItem.newBuilder().setCode("OIL_CHANGE").setDescription("oil and filter"))
                .addParts(ServicePart.newBuilder().setPartNumber("OF-123").setDescription("oil filter").setQuantity(1))
                .setNotes("customer waited").build();
    }

    private TelematicsServiceBlockingStub dealer() {
        return telematics.withCallCredentials(TestCallers.dealerD001());
    }

    private RecordServiceVisitResponse record(String vin, String requestId, int odometer) {
        return dealer().recordServiceVisit(RecordServiceVisitRequest.newBuilder().setRequestId(requestId)
                .setVehicle("vehicles/" + vin).setVisit(visit(odometer)).build());
    }

    private ServiceHistoryReport history(String vin) {
        return telematics.withCallCredentials(TestCallers.partner()).getServiceHistory(
                GetServiceHistoryRequest.newBuilder().setName("vehicles/" + vin).build());
    }

    private VerifyServiceHistoryResponse verify(ServiceHistoryReport report) {
        return telematics.withCallCredentials(TestCallers.partner()).verifyServiceHistory(
                VerifyServiceHistoryRequest.newBuilder().setReport(report).build());
    }

    private static List<String> reasons(VerifyServiceHistoryResponse response) {
        return response.getFindingsList().stream().map(f -> f.getIndex() + ":" + f.getReason()).toList();
    }

    @Test
    void aDealerRecordsVisitsIntoASignedChainAndAResendIsReplayed() {
        String vin = freshVin();
        RecordServiceVisitResponse first = record(vin, "req-" + vin + "-1", 10_000);
        assertFalse(first.getReplayed());
        ServiceRecord r1 = first.getRecord();
        assertEquals(1, r1.getPosition());
        assertEquals("D001", r1.getDealerId(), "the dealer comes from the token");
        assertEquals("0".repeat(64), r1.getPreviousHash());
        RecordServiceVisitResponse again = record(vin, "req-" + vin + "-1", 10_000);
        assertTrue(again.getReplayed());
        assertEquals(r1, again.getRecord());
        ServiceRecord r2 = record(vin, "req-" + vin + "-2", 20_000).getRecord();
        assertEquals(2, r2.getPosition());
        assertEquals(r1.getHash(), r2.getPreviousHash());

        ServiceHistoryReport report = history(vin);
        assertEquals(List.of(r1, r2), report.getRecordsList());
        assertEquals(r2.getHash(), report.getHeadHash());
        VerifyServiceHistoryResponse verified = verify(report);
        assertTrue(verified.getValid(), verified.toString());
        assertEquals(2, verified.getRecordCount());
    }

    @Test
    void concurrentVisitsOfOneVehicleGetConsecutivePositionsInOneValidChain() throws Exception {
        String vin = freshVin();
        int dealers = 8;
        TelematicsServiceBlockingStub stub = dealer();
        ExecutorService pool = Executors.newFixedThreadPool(dealers);
        try {
            List<Callable<RecordServiceVisitResponse>> calls = IntStream.range(0, dealers)
                    .<Callable<RecordServiceVisitResponse>> mapToObj(i -> () -> stub.recordServiceVisit(
                            RecordServiceVisitRequest.newBuilder().setRequestId("c-" + vin + "-" + i)
                                    .setVehicle("vehicles/" + vin).setVisit(visit(1000 * i)).build()))
                    .toList();
            List<Long> positions = new ArrayList<>();
            for (Future<RecordServiceVisitResponse> f : pool.invokeAll(calls)) {
                positions.add(f.get().getRecord().getPosition());
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), positions.stream().sorted().toList());
        } finally {
            pool.shutdownNow();
        }
        assertTrue(verify(history(vin)).getValid());
    }

    @Test
    void tamperedReportsAreDetected() {
        String vin = freshVin();
        for (int i = 1; i <= 4; i++) {
            record(vin, "t-" + vin + "-" + i, 10_000 * i);
        }
        ServiceHistoryReport report = history(vin);

        ServiceHistoryReport edited = report.toBuilder().setRecords(1, report.getRecords(1).toBuilder()
                .setVisit(report.getRecords(1).getVisit().toBuilder().setOdometerKm(1_000))).build();
        assertEquals(List.of("1:HASH_MISMATCH"), reasons(verify(edited)));

        ServiceHistoryReport removed = report.toBuilder().removeRecords(1).build();
        assertTrue(reasons(verify(removed)).contains("1:CHAIN_BROKEN"), reasons(verify(removed)).toString());

        ServiceHistoryReport cut = report.toBuilder().removeRecords(3).build();
        assertTrue(reasons(verify(cut)).contains("-1:BAD_HEAD_SIGNATURE"));

        ServiceHistoryReport reordered = report.toBuilder().setRecords(1, report.getRecords(2))
                .setRecords(2, report.getRecords(1)).build();
        VerifyServiceHistoryResponse swapped = verify(reordered);
        assertFalse(swapped.getValid());
        assertTrue(swapped.getFindingsList().stream().map(ServiceHistoryFinding::getReason).toList()
                .contains("POSITION_OUT_OF_ORDER"));
    }

    @Test
    void theOfflineCommandVerifiesAReportWithThePublicKey() throws Exception {
        String vin = freshVin();
        record(vin, "o-" + vin + "-1", 12_345);
        ServiceHistoryReport report = history(vin);
        Path dir = Files.createDirectories(Path.of("target", "verify-cli"));
        Path key = Files.writeString(dir.resolve("platform.pub"), report.getPublicKey());
        Path good = Files.writeString(dir.resolve(vin + ".json"), JsonFormat.printer().print(report));
        assertEquals(0, VerifyServiceHistoryCli.run(new String[] { "--public-key", key.toString(), good.toString() }));
        ServiceHistoryReport edited = report.toBuilder().setRecords(0, report.getRecords(0).toBuilder()
                .setDealerId("D999")).build();
        Path bad = Files.writeString(dir.resolve(vin + "-edited.json"), JsonFormat.printer().print(edited));
        assertEquals(1, VerifyServiceHistoryCli.run(new String[] { "--public-key", key.toString(), bad.toString() }));
    }

    @Test
    void onlyDealersRecordAndInputIsValidated() {
        String vin = freshVin();
        for (var caller : List.of(TestCallers.headUnit(), TestCallers.partner(), TestCallers.platformAdmin())) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> telematics
                    .withCallCredentials(caller).recordServiceVisit(RecordServiceVisitRequest.newBuilder()
                            .setRequestId("x").setVehicle("vehicles/" + vin).setVisit(visit(1)).build()));
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        }
        StatusRuntimeException invalid = assertThrows(StatusRuntimeException.class, () -> dealer().recordServiceVisit(
                RecordServiceVisitRequest.newBuilder().setRequestId("").setVehicle("vehicles/nope")
                        .setVisit(ServiceVisitInput.newBuilder().setVisitDate("yesterday").setOdometerKm(-1)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
        assertEquals(List.of("request_id", "vehicle", "visit.visit_date", "visit.odometer_km", "visit.work_items"),
                ErrorDetails.badRequest(invalid).orElseThrow().getFieldViolationsList().stream()
                        .map(v -> v.getField()).toList());
        StatusRuntimeException otherCar = assertThrows(StatusRuntimeException.class, () -> telematics
                .withCallCredentials(TestCallers.headUnit()).getServiceHistory(GetServiceHistoryRequest.newBuilder()
                        .setName("vehicles/" + vin).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, otherCar.getStatus().getCode());
    }
}
