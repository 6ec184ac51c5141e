package dev.chezhu.identity.persistence;

import static dev.chezhu.identity.persistence.Sql.ts;
import static dev.chezhu.identity.persistence.Sql.tsp;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * identity_event_outbox: events written in the transaction of the change they report (serialized
 * protobuf, the message's full name as type). A relay publishes and marks them; until the shared
 * platform-events module takes this over, consumers read the table.
 */
@ApplicationScoped
public class OutboxStore {

    public Uni<Void> append(String topic, String subject, String type, byte[] payload, Instant now) {
        return Sql.update("insert into identity_event_outbox (topic, subject, event_type, payload, created_at) values ("
                + "cast(:topic as text), cast(:subject as text), cast(:type as text), decode(cast(:payload as text), 'base64'), "
                + tsp("now") + ")", Map.of("topic", topic, "subject", subject, "type", type,
                        "payload", Base64.getEncoder().encodeToString(payload), "now", ts(now)))
                .replaceWithVoid();
    }
}
