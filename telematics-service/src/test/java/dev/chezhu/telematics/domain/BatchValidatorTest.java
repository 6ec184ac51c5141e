package dev.chezhu.telematics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.error.FieldViolation;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import io.grpc.Status;

class BatchValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String VIN = "LSVAU2180N2183294";
    private final BatchValidator validator = new BatchValidator(SignalCatalogueTest.SHIPPED,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static RawDatapoint speed(double kmh, Instant at) {
        return new RawDatapoint("Vehicle.Speed", new NumberValue(kmh), at);
    }

    private static AppendCommand batch(List<RawDatapoint> datapoints) {
        return new AppendCommand("vehicles/" + VIN, true, "boot-1", 1, datapoints);
    }

    @Test
    void validDatapointsAreKeptWithMicrosecondPrecision() {
        ValidatedBatch batch = validator.validate(batch(List.of(speed(50, NOW.minusSeconds(1).plusNanos(123_456_789)))));
        assertEquals(VIN, batch.vin());
        assertEquals(1, batch.accepted().size());
        assertEquals(NOW.minusSeconds(1).plusNanos(123_456_000), batch.accepted().get(0).observedAt());
        assertEquals(List.of(), batch.rejected());
    }

    @Test
    void eachInvalidDatapointIsReportedWithItsIndexAndReasonAndTheRestIsKept() {
        ValidatedBatch batch = validator.validate(batch(List.of(
                speed(50, NOW),
                new RawDatapoint("Vehicle.Warp.Factor", new NumberValue(9), NOW),
                new RawDatapoint("Vehicle.Speed", new IntegerValue(50), NOW),
                speed(Double.NaN, NOW),
                new RawDatapoint("Vehicle.CurrentLocation.Latitude", new NumberValue(91), NOW),
                speed(50, null),
                speed(50, NOW.plus(BatchValidator.MAX_CLOCK_SKEW).plusSeconds(1)),
                speed(50, Instant.EPOCH),
                speed(50, Instant.MIN),
                new RawDatapoint("Vehicle.Speed", null, NOW),
                speed(51, NOW.plus(BatchValidator.MAX_CLOCK_SKEW)))));
        assertEquals(List.of(new NumberValue(50), new NumberValue(51)),
                batch.accepted().stream().map(SignalReading::value).toList(), "the first and the last are kept");
        assertEquals(List.of(
                RejectionReason.UNKNOWN_SIGNAL, RejectionReason.WRONG_TYPE, RejectionReason.NOT_FINITE,
                RejectionReason.OUT_OF_RANGE, RejectionReason.MISSING_OBSERVE_TIME,
                RejectionReason.OBSERVE_TIME_IN_FUTURE, RejectionReason.INVALID_OBSERVE_TIME,
                RejectionReason.INVALID_OBSERVE_TIME, RejectionReason.MISSING_VALUE),
                batch.rejected().stream().map(Rejection::reason).toList());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), batch.rejected().stream().map(Rejection::index).toList());
        assertEquals("Vehicle.Warp.Factor", batch.rejected().get(0).signal());
        assertEquals(11, batch.datapointCount());
    }

    @Test
    void everyBatchLevelProblemIsReportedAtOnce() {
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(
                new AppendCommand("vehicles/not-a-vin", true, "x".repeat(65), 0, List.of())));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.code());
        assertEquals("INVALID_TELEMETRY_BATCH", refused.reason());
        assertEquals(List.of("vehicle", "batch.session_id", "batch.sequence", "batch.datapoints"),
                refused.violations().stream().map(FieldViolation::field).toList());
    }

    @Test
    void aMissingBatchOrSessionIsRefused() {
        ServiceException noBatch = assertThrows(ServiceException.class, () -> validator.validate(
                new AppendCommand("vehicles/" + VIN, false, "", 0, List.of())));
        assertEquals(List.of("batch"), noBatch.violations().stream().map(FieldViolation::field).toList());
        ServiceException blank = assertThrows(ServiceException.class, () -> validator.validate(
                new AppendCommand("vehicles/" + VIN, true, "has space", 1, List.of(speed(1, NOW)))));
        assertEquals(List.of("batch.session_id"), blank.violations().stream().map(FieldViolation::field).toList());
    }

    @Test
    void batchSizeIsBoundedAtFiveThousand() {
        RawDatapoint point = speed(50, NOW);
        assertEquals(BatchValidator.MAX_DATAPOINTS, validator.validate(batch(
                Collections.nCopies(BatchValidator.MAX_DATAPOINTS, point))).accepted().size());
        ServiceException refused = assertThrows(ServiceException.class, () -> validator.validate(batch(
                Collections.nCopies(BatchValidator.MAX_DATAPOINTS + 1, point))));
        assertEquals("batch.datapoints", refused.violations().get(0).field());
        assertEquals("at most 5000 datapoints per batch, got 5001", refused.violations().get(0).description());
    }

    @Test
    void theStateSuffixIsNotAVehicleNameForAppending() {
        assertThrows(ServiceException.class, () -> validator.validate(new AppendCommand(
                "vehicles/" + VIN + "/state", true, "boot-1", 1, List.of(speed(1, NOW)))));
    }

    @Test
    void theDigestFollowsTheContent() {
        String first = validator.validate(batch(List.of(speed(50, NOW)))).contentDigest();
        assertEquals(first, validator.validate(batch(List.of(speed(50, NOW)))).contentDigest());
        assertNotEquals(first, validator.validate(batch(List.of(speed(51, NOW)))).contentDigest());
        assertNotEquals(first, validator.validate(batch(List.of(speed(50, NOW.plusNanos(1))))).contentDigest());
        assertNotEquals(first, validator.validate(batch(List.of(speed(50, NOW), speed(50, NOW)))).contentDigest());
    }
}
