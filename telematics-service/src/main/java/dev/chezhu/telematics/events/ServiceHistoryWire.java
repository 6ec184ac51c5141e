package dev.chezhu.telematics.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.google.protobuf.Timestamp;

import dev.chezhu.telematics.domain.ServiceHistoryReport;
import dev.chezhu.telematics.domain.ServiceRecord;
import dev.chezhu.telematics.domain.ServiceVisit;
import dev.chezhu.telematics.v1.ServicePart;
import dev.chezhu.telematics.v1.ServiceVisitInput;
import dev.chezhu.telematics.v1.ServiceWorkItem;

/**
 * Service history ↔ protobuf, both ways: the RPCs and events send it, the verifier (RPC and the
 * offline command) reads a report back. Reading is lenient: a malformed field becomes a value that
 * fails verification rather than an exception.
 */
public final class ServiceHistoryWire {

    private ServiceHistoryWire() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), Math.max(0, Math.min(999_999_999, t.getNanos())));
    }

    public static ServiceVisitInput visit(ServiceVisit visit) {
        ServiceVisitInput.Builder wire = ServiceVisitInput.newBuilder()
                .setVisitDate(visit.visitDate().toString())
                .setOdometerKm(visit.odometerKm())
                .setNotes(visit.notes());
        visit.workItems().forEach(i -> wire.addWorkItems(ServiceWorkItem.newBuilder().setCode(i.code())
                .setDescription(i.description())));
        visit.parts().forEach(p -> wire.addParts(ServicePart.newBuilder().setPartNumber(p.partNumber())
                .setDescription(p.description()).setQuantity(p.quantity())));
        return wire.build();
    }

    public static dev.chezhu.telematics.v1.ServiceRecord record(ServiceRecord record) {
        return dev.chezhu.telematics.v1.ServiceRecord.newBuilder()
                .setName("vehicles/" + record.vin() + "/serviceRecords/" + record.position())
                .setVin(record.vin())
                .setPosition(record.position())
                .setDealerId(record.dealerId())
                .setVisit(visit(record.visit()))
                .setRecordTime(timestamp(record.recordTime()))
                .setPreviousHash(record.previousHash())
                .setHash(record.hash())
                .setSignature(record.signature())
                .setKeyId(record.keyId())
                .build();
    }

    public static dev.chezhu.telematics.v1.ServiceHistoryReport report(ServiceHistoryReport report) {
        dev.chezhu.telematics.v1.ServiceHistoryReport.Builder wire = dev.chezhu.telematics.v1.ServiceHistoryReport
                .newBuilder()
                .setName("vehicles/" + report.vin() + "/serviceHistory")
                .setVin(report.vin())
                .setGenerateTime(timestamp(report.generatedAt()))
                .setHeadHash(report.headHash())
                .setHeadSignature(report.headSignature())
                .setKeyId(report.keyId())
                .setPublicKey(report.publicKey());
        report.records().forEach(r -> wire.addRecords(record(r)));
        return wire.build();
    }

    public static ServiceVisit visit(ServiceVisitInput wire) {
        LocalDate date;
        try {
            date = LocalDate.parse(wire.getVisitDate());
        } catch (DateTimeParseException e) {
            date = LocalDate.EPOCH;
        }
        return new ServiceVisit(date, wire.getOdometerKm(),
                wire.getWorkItemsList().stream().map(i -> new ServiceVisit.WorkItem(i.getCode(), i.getDescription()))
                        .toList(),
                wire.getPartsList().stream().map(p -> new ServiceVisit.Part(p.getPartNumber(), p.getDescription(),
                        p.getQuantity())).toList(),
                wire.getNotes());
    }

    public static ServiceRecord record(dev.chezhu.telematics.v1.ServiceRecord wire) {
        return new ServiceRecord(wire.getVin(), wire.getPosition(), wire.getDealerId(), visit(wire.getVisit()),
                instant(wire.getRecordTime()), wire.getPreviousHash(), wire.getHash(), wire.getSignature(),
                wire.getKeyId());
    }

    public static ServiceHistoryReport report(dev.chezhu.telematics.v1.ServiceHistoryReport wire) {
        return new ServiceHistoryReport(wire.getVin(),
                wire.getRecordsList().stream().map(ServiceHistoryWire::record).toList(),
                instant(wire.getGenerateTime()), wire.getHeadHash(), wire.getHeadSignature(), wire.getKeyId(),
                wire.getPublicKey());
    }
}
