package dev.chezhu.telematics.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import dev.chezhu.telematics.config.PlatformSigningKey;
import dev.chezhu.telematics.events.ServiceHistoryWire;
import dev.chezhu.telematics.persistence.ServiceRecordStore;
import dev.chezhu.telematics.v1.ServiceVisitRecorded;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The certified service history: dealers append visits to a per-vehicle hash chain signed with the
 * platform key; anyone allowed to read the vehicle gets the chain as a report with a signed head;
 * anyone may have a report verified. Appends to one chain are serialised by an advisory lock in the
 * appending transaction, so concurrent visits get consecutive positions and a correct chain.
 */
@ApplicationScoped
public class ServiceHistory {

    /** The raw visit as received, before validation. */
    public record VisitInput(String visitDate, long odometerKm, List<ServiceVisit.WorkItem> workItems,
            List<ServiceVisit.Part> parts, String notes) {
    }

    public record Recorded(ServiceRecord record, boolean replayed) {
    }

    private final ServiceRecordStore store;
    private final PlatformSigningKey key;
    private final EventPublisher events;
    private final Clock clock;

    public ServiceHistory(ServiceRecordStore store, PlatformSigningKey key, EventPublisher events, Clock clock) {
        this.store = store;
        this.key = key;
        this.events = events;
        this.clock = clock;
    }

    @WithSpan("ServiceHistory.record")
    @WithTransaction
    public Uni<Recorded> record(Caller caller, String requestId, String vehicle, VisitInput input) {
        return Uni.createFrom().deferred(() -> {
            if (!caller.hasRole(Roles.DEALER) || caller.dealerId().filter(d -> !d.isBlank()).isEmpty()) {
                throw ServiceException.permissionDenied("DEALER_REQUIRED",
                        "Only dealer staff whose token names their dealer_id record service visits");
            }
            String dealerId = caller.dealerId().get();
            Violations violations = new Violations();
            violations.require(requestId != null && requestId.matches("^[\\x21-\\x7e]{1,64}$"), "request_id",
                    "required: 1-64 printable ASCII characters");
            Optional<String> vin = VehicleName.vin(vehicle, false);
            violations.require(vin.isPresent(), "vehicle", "must be vehicles/{vin}");
            ServiceVisit visit = validate(input, violations);
            violations.throwIfAny("INVALID_SERVICE_VISIT");
            Span.current().setAttribute("vehicle.vin", vin.get()).setAttribute("dealer.id", dealerId);
            return store.byRequest(dealerId, requestId).flatMap(earlier -> earlier.isPresent()
                    ? Uni.createFrom().item(new Recorded(earlier.get(), true))
                    : store.lockChain(vin.get())
                            .flatMap(v -> store.byRequest(dealerId, requestId))
                            .flatMap(raced -> raced.isPresent() ? Uni.createFrom().item(new Recorded(raced.get(), true))
                                    : append(vin.get(), dealerId, requestId, visit)));
        });
    }

    private Uni<Recorded> append(String vin, String dealerId, String requestId, ServiceVisit visit) {
        return store.last(vin).flatMap(last -> {
            long position = last.map(r -> r.position() + 1).orElse(1L);
            String previous = last.map(ServiceRecord::hash).orElse(ServiceChain.GENESIS);
            Instant recordTime = clock.instant().truncatedTo(ChronoUnit.MICROS);
            String hash = ServiceChain.sha256Hex(ServiceChain.canonical(vin, position, dealerId, visit, recordTime,
                    previous));
            ServiceRecord record = new ServiceRecord(vin, position, dealerId, visit, recordTime, previous, hash,
                    Ed25519Keys.sign(key.privateKey(), Ed25519Keys.hashBytes(hash)), key.keyId());
            return store.append(record, requestId)
                    .flatMap(v -> events.publish(EventPublisher.TOPIC, vin, ServiceVisitRecorded.newBuilder()
                            .setRecord(ServiceHistoryWire.record(record))
                            .setEventTime(ServiceHistoryWire.timestamp(clock.instant())).build()))
                    .replaceWith(new Recorded(record, false));
        });
    }

    private ServiceVisit validate(VisitInput input, Violations violations) {
        if (input == null) {
            violations.add("visit", "required");
            return null;
        }
        LocalDate date = null;
        try {
            date = LocalDate.parse(input.visitDate());
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            violations.require(!date.isAfter(today.plusDays(1)), "visit.visit_date", "must not be in the future");
            violations.require(!date.isBefore(LocalDate.of(1990, 1, 1)), "visit.visit_date", "must be after 1990");
        } catch (DateTimeParseException | NullPointerException e) {
            violations.add("visit.visit_date", "required, as YYYY-MM-DD");
        }
        violations.require(input.odometerKm() >= 0 && input.odometerKm() <= 3_000_000, "visit.odometer_km",
                "must be between 0 and 3000000 km");
        violations.require(!input.workItems().isEmpty() && input.workItems().size() <= 100, "visit.work_items",
                "1-100 work items are required");
        for (int i = 0; i < input.workItems().size(); i++) {
            ServiceVisit.WorkItem item = input.workItems().get(i);
            violations.require(text(item.code(), 1, 64), "visit.work_items[" + i + "].code", "1-64 characters");
            violations.require(text(item.description(), 0, 256), "visit.work_items[" + i + "].description",
                    "at most 256 characters");
        }
        violations.require(input.parts().size() <= 200, "visit.parts", "at most 200 parts");
        for (int i = 0; i < input.parts().size(); i++) {
            ServiceVisit.Part part = input.parts().get(i);
            violations.require(text(part.partNumber(), 1, 64), "visit.parts[" + i + "].part_number", "1-64 characters");
            violations.require(text(part.description(), 0, 256), "visit.parts[" + i + "].description",
                    "at most 256 characters");
            violations.require(part.quantity() >= 1 && part.quantity() <= 10_000, "visit.parts[" + i + "].quantity",
                    "must be 1-10000");
        }
        violations.require(text(input.notes(), 0, 2000), "visit.notes", "at most 2000 characters");
        return date == null ? null : new ServiceVisit(date, input.odometerKm(), input.workItems(), input.parts(),
                input.notes() == null ? "" : input.notes());
    }

    private static boolean text(String text, int min, int max) {
        return text != null && text.length() >= min && text.length() <= max;
    }

    @WithSpan("ServiceHistory.get")
    @WithSession
    public Uni<ServiceHistoryReport> get(Caller caller, String name) {
        return Uni.createFrom().deferred(() -> {
            VehicleAccess.requireRead(caller, VehicleName.requestedVin(name, false));
            String vin = VehicleName.vin(name, false).orElseThrow(() -> ServiceException.invalidField("name",
                    "must be vehicles/{vin}"));
            return store.chain(vin).map(records -> report(vin, records));
        });
    }

    ServiceHistoryReport report(String vin, List<ServiceRecord> records) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String head = records.isEmpty() ? ServiceChain.GENESIS : records.get(records.size() - 1).hash();
        String headSignature = Ed25519Keys.sign(key.privateKey(), ServiceChain.head(vin, records.size(), head, now));
        return new ServiceHistoryReport(vin, records, now, head, headSignature, key.keyId(), key.publicKeyBase64());
    }

    /** Verifies a report against this platform's own key (never the key the report carries). */
    @WithSpan("ServiceHistory.verify")
    public List<ServiceHistoryVerifier.Finding> verify(ServiceHistoryReport report) {
        return ServiceHistoryVerifier.verify(report, key.publicKey());
    }
}
