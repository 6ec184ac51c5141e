package dev.chezhu.identity.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.PersonMerged;
import dev.chezhu.platform.events.OutboxRelay;
import dev.chezhu.platform.testing.TestCallers;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** A merge's event leaves through the shared outbox and reaches the identity stream, with no personal data. */
@QuarkusTest
class EventsReachTheStreamTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    OutboxRelay relay;

    @Inject
    RedisDataSource redis;

    private static Identifier id(IdentifierType type, String value) {
        return Identifier.newBuilder().setType(type).setValue(value).build();
    }

    private IdentifyPersonRequest observation(Identifier... identifiers) {
        return IdentifyPersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setSource("app")
                .addAllIdentifiers(List.of(identifiers)).build();
    }

    @Test
    void aMergeIsPublishedOnTheIdentityStream() throws Throwable {
        var stub = identity.withCallCredentials(TestCallers.partner());
        String phone = "1371" + String.format("%07d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000L));
        Identifier p = id(IdentifierType.IDENTIFIER_TYPE_PHONE, phone);
        Identifier a = id(IdentifierType.IDENTIFIER_TYPE_APP_ACCOUNT, "stream-" + UUID.randomUUID());
        String survivor = stub.identifyPerson(observation(p)).getPerson().getPersonId();
        String merged = stub.identifyPerson(observation(a)).getPerson().getPersonId();
        stub.identifyPerson(observation(p, a));

        // the relay is off in tests (they read outbox_event); run it by hand until the outbox is empty
        for (int i = 0; i < 1000 && VertxContextSupport.subscribeAndAwait(() -> relay.relayOnce()) > 0; i++) {
            // every batch of earlier tests' events goes first
        }

        var stream = redis.stream(String.class, String.class, byte[].class);
        List<StreamMessage<String, String, byte[]>> entries = stream.xrevrange("chezhu:events:identity", io.quarkus.redis.datasource.stream.StreamRange.of("+", "-"), 500);
        StreamMessage<String, String, byte[]> entry = entries.stream()
                .filter(e -> text(e.payload(), "subject").equals("persons/" + survivor)
                        && text(e.payload(), "type").equals("chezhu.identity.v1.PersonMerged"))
                .findFirst().orElseThrow(() -> new AssertionError("no PersonMerged on the stream"));
        PersonMerged event = PersonMerged.parseFrom(entry.payload().get("payload"));
        assertEquals(List.of(merged), event.getMergedPersonIdsList());
        assertEquals("identity-service", text(entry.payload(), "source"));
        assertTrue(entry.payload().values().stream().noneMatch(v -> new String(v, StandardCharsets.UTF_8).contains(phone)));
    }

    private static String text(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }
}
