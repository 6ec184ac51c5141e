package dev.chezhu.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.chezhu.identity.v1.PersonErased;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's part of an erasure: it reads identity's events (the Redis stream platform-events
 * writes, {@code chezhu:events:identity}) in its own consumer group and, on PersonErased, deletes the
 * idempotent responses it keeps about those persons (see {@link IdempotentRequests#forgetPersons}).
 * The gateway has no database, so there is no inbox: deleting twice is harmless, and every replica
 * shares the group, so each event is handled once by one of them.
 */
@ApplicationScoped
public class ErasureListener {

    private static final Logger LOG = Logger.getLogger(ErasureListener.class);
    static final String STREAM = "chezhu:events:identity";
    static final String GROUP = "gateway";
    private static final String PERSON_ERASED = PersonErased.getDescriptor().getFullName();

    private final RedisDataSource redis;
    private final IdempotentRequests idempotency;
    private final boolean enabled;
    private final String consumer = "gateway-" + UUID.randomUUID();
    private volatile boolean running;
    private boolean groupReady;
    private Thread loop;

    public ErasureListener(RedisDataSource redis, IdempotentRequests idempotency,
            @ConfigProperty(name = "chezhu.gateway.erasures.enabled", defaultValue = "true") boolean enabled) {
        this.redis = redis;
        this.idempotency = idempotency;
        this.enabled = enabled;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        running = true;
        loop = new Thread(this::run, "gateway-erasures");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (loop != null) {
            loop.join(Duration.ofSeconds(5).toMillis());
        }
    }

    private void run() {
        StreamCommands<String, String, byte[]> streams = redis.stream(String.class, String.class, byte[].class);
        while (running) {
            try {
                ensureGroup(streams);
                List<StreamMessage<String, String, byte[]>> messages = streams.xreadgroup(GROUP, consumer, STREAM, ">",
                        new XReadGroupArgs().block(Duration.ofSeconds(2)).count(100));
                for (StreamMessage<String, String, byte[]> message : messages) {
                    handle(message.payload());
                    streams.xack(STREAM, GROUP, message.id());
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("reading %s failed, retrying in 2 s: %s", STREAM, e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void ensureGroup(StreamCommands<String, String, byte[]> streams) {
        if (groupReady) {
            return;
        }
        try {
            // from the start of the stream: an erasure published before the first gateway started counts too
            streams.xgroupCreate(STREAM, GROUP, "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
        groupReady = true;
    }

    /** PersonErased → forget every kept response about the erased IDs; other events are not ours. */
    void handle(Map<String, byte[]> fields) {
        byte[] type = fields.get("type");
        byte[] payload = fields.get("payload");
        if (type == null || payload == null || !PERSON_ERASED.equals(new String(type, StandardCharsets.UTF_8))) {
            return;
        }
        try {
            PersonErased erased = PersonErased.parseFrom(payload);
            Set<String> ids = new TreeSet<>(erased.getErasedPersonIdsList());
            if (!erased.getPersonId().isEmpty()) {
                ids.add(erased.getPersonId());
            }
            int deleted = idempotency.forgetPersons(ids).await().atMost(Duration.ofSeconds(10));
            LOG.infof("erasure of %s: %d kept responses deleted", ids, deleted);
        } catch (InvalidProtocolBufferException e) {
            LOG.warnf("unreadable PersonErased event skipped: %s", e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
