package dev.chezhu.identity.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.LifecycleInputs;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.events.EventHandler;
import dev.chezhu.platform.events.Topics;
import dev.chezhu.telematics.v1.ServiceRecord;
import dev.chezhu.telematics.v1.ServiceVisitRecorded;
import io.smallrye.mutiny.Uni;

/**
 * Consumes telematics-service's ServiceVisitRecorded (topic {@code telematics}, subject the VIN): the
 * visit becomes an activity of the persons who own or drive the vehicle, at the dealer that recorded
 * it. Runs in the consumer's transaction, with the inbox row (platform-events).
 */
@ApplicationScoped
public class TelematicsEventHandler implements EventHandler {

    private static final String SERVICE_VISIT_RECORDED = Envelope.typeOf(ServiceVisitRecorded.getDefaultInstance());

    private final LifecycleInputs inputs;

    public TelematicsEventHandler(LifecycleInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public String topic() {
        return Topics.TELEMATICS;
    }

    @Override
    public boolean handles(String type) {
        return SERVICE_VISIT_RECORDED.equals(type);
    }

    @Override
    public Uni<Void> handle(Envelope event) {
        ServiceRecord record = event.payloadAs(ServiceVisitRecorded.parser()).getRecord();
        // the record's name (vehicles/{vin}/serviceRecords/{position}) identifies the visit for good
        String name = record.getName().isEmpty() ? "events/" + event.eventId() : record.getName();
        return inputs.serviceVisit(record.getVin(), record.getDealerId(), visitedAt(record, event), name);
    }

    /** The day of the visit (start of day, UTC), else when telematics recorded it, else the event's time. */
    static Instant visitedAt(ServiceRecord record, Envelope event) {
        try {
            return LocalDate.parse(record.getVisit().getVisitDate()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return record.hasRecordTime()
                    ? Instant.ofEpochSecond(record.getRecordTime().getSeconds(), record.getRecordTime().getNanos())
                    : event.occurredAt();
        }
    }
}
