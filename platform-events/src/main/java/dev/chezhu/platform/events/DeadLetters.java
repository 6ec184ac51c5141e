package dev.chezhu.platform.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;

/**
 * The dead-letter stream {@code chezhu:events:dlq:<group>}: entries a consumer group failed to
 * process {@code chezhu.events.retry.max-deliveries} times (or could not decode), with the original
 * fields plus {@code dlq_origin_stream}, {@code dlq_origin_entry_id}, {@code dlq_error},
 * {@code dlq_attempts} and {@code dlq_at}. Operators list them and replay them once the cause is
 * fixed. Without a group argument the operations act on this service's group
 * ({@code quarkus.application.name}).
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    static final String PREFIX = "dlq_";
    static final String ORIGIN_STREAM = PREFIX + "origin_stream";
    static final String ORIGIN_ENTRY_ID = PREFIX + "origin_entry_id";
    static final String ERROR = PREFIX + "error";
    static final String ATTEMPTS = PREFIX + "attempts";
    static final String AT = PREFIX + "at";
    private static final int PAGE = 100;

    private final ReactiveStreamCommands<String, String, byte[]> streams;
    private final EventsConfig config;
    private final String group;

    public DeadLetters(ReactiveRedisDataSource redis, EventsConfig config,
            @ConfigProperty(name = "quarkus.application.name") String group) {
        this.streams = redis.stream(String.class, String.class, byte[].class);
        this.config = config;
        this.group = group;
    }

    /** This service's consumer group. */
    public String group() {
        return group;
    }

    /** Up to {@code max} dead letters of this service, oldest first. */
    public Uni<List<DeadLetter>> list(int max) {
        return list(group, max);
    }

    /** Up to {@code max} dead letters of a group, oldest first. */
    public Uni<List<DeadLetter>> list(String group, int max) {
        return streams.xrange(Topics.deadLetterStream(group), StreamRange.of("-", "+"), max)
                .map(entries -> entries.stream().map(entry -> deadLetter(group, entry)).toList());
    }

    /** How many entries this service has parked. */
    public Uni<Long> count() {
        return count(group);
    }

    public Uni<Long> count(String group) {
        return streams.xlen(Topics.deadLetterStream(group));
    }

    /**
     * Appends the original entry to its stream again and removes it from the dead-letter stream;
     * {@code false} when there is no such dead letter. Every group of that stream receives it again;
     * groups that processed it already skip it through their inbox.
     */
    public Uni<Boolean> replay(String deadLetterId) {
        return replay(group, deadLetterId);
    }

    public Uni<Boolean> replay(String group, String deadLetterId) {
        String dlq = Topics.deadLetterStream(group);
        return streams.xrange(dlq, StreamRange.of(deadLetterId, deadLetterId))
                .flatMap(entries -> entries.isEmpty() ? Uni.createFrom().item(false) : replay(dlq, entries.get(0)));
    }

    /** Replays every dead letter of this service; returns how many. */
    public Uni<Integer> replayAll() {
        return replayAll(group);
    }

    public Uni<Integer> replayAll(String group) {
        String dlq = Topics.deadLetterStream(group);
        return streams.xrange(dlq, StreamRange.of("-", "+"), PAGE).flatMap(entries -> {
            if (entries.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Uni<Integer> replayed = Uni.createFrom().item(0);
            for (StreamMessage<String, String, byte[]> entry : entries) {
                replayed = replayed.flatMap(n -> replay(dlq, entry).map(ok -> ok ? n + 1 : n));
            }
            return replayed.flatMap(n -> entries.size() < PAGE ? Uni.createFrom().item(n)
                    : replayAll(group).map(more -> n + more));
        });
    }

    /** Drops a dead letter for good; {@code false} when there is no such entry. */
    public Uni<Boolean> discard(String deadLetterId) {
        return discard(group, deadLetterId);
    }

    public Uni<Boolean> discard(String group, String deadLetterId) {
        return streams.xdel(Topics.deadLetterStream(group), deadLetterId).map(deleted -> deleted > 0);
    }

    private Uni<Boolean> replay(String dlq, StreamMessage<String, String, byte[]> entry) {
        Map<String, byte[]> original = new LinkedHashMap<>();
        entry.payload().forEach((field, value) -> {
            if (!field.startsWith(PREFIX)) {
                original.put(field, value);
            }
        });
        String stream = StreamEntries.text(entry.payload(), ORIGIN_STREAM);
        XAddArgs args = new XAddArgs();
        if (config.stream().maxLength() > 0) {
            args.maxlen(config.stream().maxLength()).nearlyExactTrimming();
        }
        // Appended first, removed second: a crash in between replays it twice, which the inbox absorbs.
        return streams.xadd(stream, args, original)
                .flatMap(newId -> streams.xdel(dlq, entry.id())
                        .invoke(() -> LOG.infof("Replayed dead letter %s of %s to %s as %s", entry.id(), dlq, stream, newId)))
                .replaceWith(true);
    }

    /** Fields of a dead-letter entry: the original entry plus the dlq_ fields. */
    static Map<String, byte[]> entry(Map<String, byte[]> original, String stream, String entryId, String error,
            long attempts, Instant at) {
        Map<String, byte[]> fields = new LinkedHashMap<>(original == null ? Map.of() : original);
        fields.put(ORIGIN_STREAM, StreamEntries.utf8(stream));
        fields.put(ORIGIN_ENTRY_ID, StreamEntries.utf8(entryId));
        fields.put(ERROR, StreamEntries.utf8(error));
        fields.put(ATTEMPTS, StreamEntries.utf8(Long.toString(attempts)));
        fields.put(AT, StreamEntries.utf8(at.toString()));
        return fields;
    }

    private static DeadLetter deadLetter(String group, StreamMessage<String, String, byte[]> entry) {
        Map<String, byte[]> fields = entry.payload();
        Envelope event;
        try {
            event = StreamEntries.envelope(fields);
        } catch (IllegalArgumentException e) {
            event = null;
        }
        String attempts = StreamEntries.textOrNull(fields, ATTEMPTS);
        String at = StreamEntries.textOrNull(fields, AT);
        return new DeadLetter(entry.id(), group, StreamEntries.textOrNull(fields, ORIGIN_STREAM),
                StreamEntries.textOrNull(fields, ORIGIN_ENTRY_ID), StreamEntries.textOrNull(fields, ERROR),
                attempts == null ? 0 : Integer.parseInt(attempts), at == null ? null : Instant.parse(at), event);
    }
}
