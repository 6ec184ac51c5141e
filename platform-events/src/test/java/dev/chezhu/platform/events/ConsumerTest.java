package dev.chezhu.platform.events;

import static dev.chezhu.platform.events.TestStores.TIMEOUT;
import static dev.chezhu.platform.events.TestStores.call;
import static dev.chezhu.platform.events.TestStores.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.StringValue;

import dev.chezhu.platform.events.EventMetrics.Outcome;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;

/** Consuming: one effect per event, retries with backoff, catching up after downtime. */
@QuarkusTest
class ConsumerTest {

    private static final String TOPIC = TestTopicHandler.TOPIC;
    private static final String GROUP = "platform-events-test";

    @Inject
    TestProducer producer;

    @Inject
    OutboxRelay relay;

    @Inject
    EventConsumers consumers;

    @Inject
    InboxProcessor processor;

    @Inject
    HandlerScript script;

    @Inject
    TestStores stores;

    @Test
    void theSameEventDeliveredTwiceHasOneEffect() {
        String subject = "dedupe/" + UUID.randomUUID();
        call(() -> producer.publish(TOPIC, subject, HandlerScript.OK));
        await().atMost(TIMEOUT).until(() -> stores.effects(subject) == 1);
        StreamMessage<String, String, byte[]> first = stores.entries(TOPIC, subject).get(0);

        // The same envelope appended again, as a relay crashing before its commit would.
        String again = stores.xadd(TOPIC, first.payload());
        String marker = "dedupe-marker/" + UUID.randomUUID();
        call(() -> producer.publish(TOPIC, marker, HandlerScript.OK));
        await().atMost(TIMEOUT).until(() -> stores.effects(marker) == 1); // entries are processed in order

        assertEquals(1, stores.effects(subject), "one effect for two deliveries");
        assertEquals(1, stores.inboxRows(text(first.payload(), "event_id")));
        assertEquals(1, script.attempts(UUID.fromString(text(first.payload(), "event_id"))).size(),
                "the handler did not even run for the duplicate");
        assertTrue(stores.pending(TOPIC, GROUP).stream().noneMatch(p -> p.getMessageId().equals(again)),
                "the duplicate was acknowledged");
    }

    @Test
    void concurrentDeliveriesOfOneEventHaveOneEffect() throws Exception {
        String subject = "concurrent/" + UUID.randomUUID();
        Envelope event = new Envelope(UUID.randomUUID(), Envelope.typeOf(StringValue.getDefaultInstance()),
                "some-service", subject, Instant.now(), null, StringValue.of(HandlerScript.OK).toByteString());
        int deliveries = 8;
        ExecutorService threads = Executors.newFixedThreadPool(deliveries);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> results = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                results.add(threads.submit(() -> {
                    go.await();
                    return processor.deliver(TOPIC, event, 1).await().atMost(TIMEOUT);
                }));
            }
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> result : results) {
                outcomes.add(result.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, outcomes.stream().filter(o -> o == Outcome.PROCESSED).count(), outcomes.toString());
            assertEquals(deliveries - 1, outcomes.stream().filter(o -> o == Outcome.DUPLICATE).count(), outcomes.toString());
            assertEquals(1, stores.effects(subject));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aHandlerFailingTwiceIsRetriedWithBackoffAndSucceeds() {
        String subject = "retry/" + UUID.randomUUID();
        call(() -> producer.publish(TOPIC, subject, HandlerScript.FAIL_TWICE));
        await().atMost(TIMEOUT).until(() -> stores.effects(subject) == 1);

        UUID eventId = UUID.fromString(text(stores.entries(TOPIC, subject).get(0).payload(), "event_id"));
        List<Instant> attempts = script.attempts(eventId);
        assertEquals(3, attempts.size(), "two failures, one success");
        Duration firstWait = Duration.between(attempts.get(0), attempts.get(1));
        Duration secondWait = Duration.between(attempts.get(1), attempts.get(2));
        assertTrue(firstWait.compareTo(Duration.ofMillis(200)) >= 0, "backoff-base after the first failure: " + firstWait);
        assertTrue(secondWait.compareTo(Duration.ofMillis(400)) >= 0, "doubled after the second: " + secondWait);
        assertEquals(1, stores.effects(subject), "the failed attempts' writes were rolled back");
        await().atMost(TIMEOUT).until(() -> stores.pending(TOPIC, GROUP).isEmpty());
    }

    @Test
    void aServiceThatWasDownCatchesUpOnEverythingPublishedMeanwhile() {
        String prefix = "catch-up/" + UUID.randomUUID() + "/";
        List<String> onTest = IntStream.range(0, 10).mapToObj(i -> prefix + "test/" + i).toList();
        List<String> onOther = IntStream.range(0, 5).mapToObj(i -> prefix + "other/" + i).toList();

        consumers.stop().await().atMost(TIMEOUT);
        try {
            assertTrue(!consumers.isRunning());
            call(() -> producer.publishAll(TOPIC, onTest, HandlerScript.OK));
            call(() -> producer.publishAll(OtherTopicHandler.TOPIC, onOther, HandlerScript.OK));
            await().atMost(TIMEOUT).until(() -> stores.outboxRows(prefix) == 0);
            assertEquals(10, stores.entries(TOPIC).stream()
                    .filter(e -> text(e.payload(), "subject").startsWith(prefix)).count());

            // A replica that read three entries and died before acknowledging them.
            List<StreamMessage<String, String, byte[]>> taken = stores.streams().xreadgroup(GROUP, "crashed-replica",
                    Topics.stream(TOPIC), ">", new XReadGroupArgs().count(3));
            assertEquals(3, taken.size());
            taken.forEach(e -> assertTrue(text(e.payload(), "subject").startsWith(prefix)));

            assertEquals(0, onTest.stream().mapToLong(stores::effects).sum() + onOther.stream().mapToLong(stores::effects).sum(),
                    "nothing is processed while the consumers are down");
        } finally {
            consumers.start();
        }

        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (String subject : onTest) {
                assertEquals(1, stores.effects(subject), subject);
            }
            for (String subject : onOther) {
                assertEquals(1, stores.effects(subject), subject);
            }
        });
        await().atMost(TIMEOUT).until(() -> stores.pending(TOPIC, GROUP).isEmpty());
    }

    @Test
    void eventsOfTypesNoHandlerWantsAreAcknowledgedWithoutEffect() {
        String subject = "ignored/" + UUID.randomUUID();
        Map<String, byte[]> fields = StreamEntries.fields(new Envelope(UUID.randomUUID(), "chezhu.test.v1.Unknown",
                "some-service", subject, Instant.now(), null, com.google.protobuf.ByteString.EMPTY));
        String id = stores.xadd(TOPIC, fields);
        String marker = "ignored-marker/" + UUID.randomUUID();
        call(() -> producer.publish(TOPIC, marker, HandlerScript.OK));
        await().atMost(TIMEOUT).until(() -> stores.effects(marker) == 1);
        assertEquals(0, stores.effects(subject));
        assertTrue(stores.pending(TOPIC, GROUP).stream().noneMatch(p -> p.getMessageId().equals(id)));
    }
}
