package dev.chezhu.telematics.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.chezhu.telematics.domain.ServiceRecord;
import dev.chezhu.telematics.domain.ServiceVisit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The service chains in PostgreSQL. Callers own the transaction. */
@ApplicationScoped
@WithSession
public class ServiceRecordStore {

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Serialises appends to one vehicle's chain until the transaction ends. */
    public Uni<Void> lockChain(String vin) {
        return session().flatMap(s -> s.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext(:vin))) as locked", Integer.class)
                .setParameter("vin", "service_record:" + vin).getSingleResult()).replaceWithVoid();
    }

    public Uni<Optional<ServiceRecord>> byRequest(String dealerId, String requestId) {
        return session().flatMap(s -> s.createSelectionQuery("from ServiceRecordEntity r where r.dealerId = :dealer "
                + "and r.requestId = :request", ServiceRecordEntity.class)
                .setParameter("dealer", dealerId).setParameter("request", requestId).getResultList())
                .map(found -> found.stream().findFirst().map(ServiceRecordStore::toDomain));
    }

    public Uni<Optional<ServiceRecord>> last(String vin) {
        return session().flatMap(s -> s.createSelectionQuery("from ServiceRecordEntity r where r.vin = :vin "
                + "order by r.position desc", ServiceRecordEntity.class)
                .setParameter("vin", vin).setMaxResults(1).getResultList())
                .map(found -> found.stream().findFirst().map(ServiceRecordStore::toDomain));
    }

    public Uni<List<ServiceRecord>> chain(String vin) {
        return session().flatMap(s -> s.createSelectionQuery("from ServiceRecordEntity r where r.vin = :vin "
                + "order by r.position", ServiceRecordEntity.class)
                .setParameter("vin", vin).getResultList())
                .map(found -> found.stream().map(ServiceRecordStore::toDomain).toList());
    }

    public Uni<Void> append(ServiceRecord record, String requestId) {
        ServiceRecordEntity e = new ServiceRecordEntity();
        e.vin = record.vin();
        e.position = record.position();
        e.dealerId = record.dealerId();
        e.requestId = requestId;
        e.visitDate = record.visit().visitDate();
        e.odometerKm = record.visit().odometerKm();
        JsonArray items = new JsonArray();
        record.visit().workItems().forEach(i -> items.add(new JsonObject().put("code", i.code())
                .put("description", i.description())));
        e.workItems = items.encode();
        JsonArray parts = new JsonArray();
        record.visit().parts().forEach(p -> parts.add(new JsonObject().put("part_number", p.partNumber())
                .put("description", p.description()).put("quantity", p.quantity())));
        e.parts = parts.encode();
        e.notes = record.visit().notes();
        e.recordTime = record.recordTime();
        e.previousHash = record.previousHash();
        e.hash = record.hash();
        e.signature = record.signature();
        e.keyId = record.keyId();
        return session().flatMap(s -> s.persist(e).flatMap(v -> s.flush()));
    }

    static ServiceRecord toDomain(ServiceRecordEntity e) {
        List<ServiceVisit.WorkItem> items = new ArrayList<>();
        new JsonArray(e.workItems).forEach(o -> {
            JsonObject item = (JsonObject) o;
            items.add(new ServiceVisit.WorkItem(item.getString("code"), item.getString("description")));
        });
        List<ServiceVisit.Part> parts = new ArrayList<>();
        new JsonArray(e.parts).forEach(o -> {
            JsonObject part = (JsonObject) o;
            parts.add(new ServiceVisit.Part(part.getString("part_number"), part.getString("description"),
                    part.getInteger("quantity")));
        });
        return new dev.chezhu.telematics.domain.ServiceRecord(e.vin, e.position, e.dealerId,
                new ServiceVisit(e.visitDate, e.odometerKm, items, parts, e.notes), e.recordTime, e.previousHash,
                e.hash, e.signature, e.keyId);
    }
}
