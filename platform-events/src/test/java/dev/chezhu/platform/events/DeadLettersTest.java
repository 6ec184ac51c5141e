package dev.chezhu.platform.events;

import static dev.chezhu.platform.events.TestStores.TIMEOUT;
import static dev.chezhu.platform.events.TestStores.call;
import static dev.chezhu.platform.events.TestStores.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.StringValue;

import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.junit.QuarkusTest;

/** Poison messages: parked after max-deliveries, inspected, replayed once the cause is fixed. */
@QuarkusTest
class DeadLettersTest {

    private static final String TOPIC = TestTopicHandler.TOPIC;
    private static final String GROUP = "platform-events-test";

    @Inject
    TestProducer producer;

    @Inject
    DeadLetters deadLetters;

    @Inject
    HandlerScript script;

    @Inject
    TestStores stores;

    @Test
    void aHandlerThatAlwaysFailsEndsInTheDeadLetterStreamAndReplayProcessesItOnceFixed() {
        String subject = "poison/" + UUID.randomUUID();
        call(() -> producer.publish(TOPIC, subject, HandlerScript.FAIL_UNTIL_FIXED));
        await().atMost(TIMEOUT).until(() -> stores.entries(TOPIC, subject).size() == 1);
        StreamMessage<String, String, byte[]> original = stores.entries(TOPIC, subject).get(0);
        UUID eventId = UUID.fromString(text(original.payload(), "event_id"));

        DeadLetter parked = await().atMost(TIMEOUT).until(() -> find(subject), Optional::isPresent).orElseThrow();
        assertEquals(GROUP, parked.group());
        assertEquals("chezhu:events:test", parked.stream());
        assertEquals(original.id(), parked.entryId());
        assertEquals(3, parked.attempts(), "chezhu.events.retry.max-deliveries");
        assertEquals(3, script.attempts(eventId).size());
        assertTrue(parked.error().contains("IllegalStateException") && parked.error().contains("scripted failure"),
                parked.error());
        assertNotNull(parked.deadLetteredAt());
        assertEquals(eventId, parked.event().eventId());
        assertEquals(StringValue.of(HandlerScript.FAIL_UNTIL_FIXED), parked.event().payloadAs(StringValue.parser()));
        assertEquals(0, stores.effects(subject), "no failed attempt left a write behind");
        assertTrue(stores.pending(TOPIC, GROUP).stream().noneMatch(p -> p.getMessageId().equals(original.id())),
                "the parked entry no longer blocks the group");
        assertNull(stores.redis().hash(String.class).hget("chezhu:events:failures:" + GROUP, "chezhu:events:test|" + original.id()),
                "its failure record is cleared");
        // Operators see the same thing with redis-cli XRANGE on the dead-letter stream.
        Map<String, String> raw = stores.redis().stream(String.class).xrange("chezhu:events:dlq:" + GROUP,
                io.quarkus.redis.datasource.stream.StreamRange.of(parked.id(), parked.id())).get(0).payload();
        assertEquals(original.id(), raw.get("dlq_origin_entry_id"));

        script.fix(subject);
        assertTrue(call(() -> deadLetters.replay(parked.id())));
        await().atMost(TIMEOUT).until(() -> stores.effects(subject) == 1);
        assertTrue(find(subject).isEmpty(), "replay removes it from the dead-letter stream");
        assertFalse(call(() -> deadLetters.replay(parked.id())), "a dead letter replays once");
        assertEquals(4, script.attempts(eventId).size());
    }

    @Test
    void anOperatorCanDiscardADeadLetter() {
        String subject = "discard/" + UUID.randomUUID();
        call(() -> producer.publish(TOPIC, subject, HandlerScript.FAIL_UNTIL_FIXED));
        DeadLetter parked = await().atMost(TIMEOUT).until(() -> find(subject), Optional::isPresent).orElseThrow();
        long before = call(() -> deadLetters.count());
        assertTrue(call(() -> deadLetters.discard(parked.id())));
        assertEquals(before - 1, call(() -> deadLetters.count()));
        assertTrue(find(subject).isEmpty());
    }

    private Optional<DeadLetter> find(String subject) {
        List<DeadLetter> all = call(() -> deadLetters.list(1000));
        return all.stream().filter(d -> d.event() != null && d.event().subject().equals(subject)).findFirst();
    }
}
