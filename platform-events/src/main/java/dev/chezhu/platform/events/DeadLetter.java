package dev.chezhu.platform.events;

import java.time.Instant;

/**
 * An entry a consumer group gave up on.
 *
 * @param id the entry ID in the dead-letter stream (what {@link DeadLetters#replay} takes)
 * @param group the consumer group (service) that failed to process it
 * @param stream the stream it came from, e.g. {@code chezhu:events:identity}
 * @param entryId its entry ID in that stream
 * @param error the last failure: exception class and message, or why it could not be decoded
 * @param attempts deliveries made before it was parked
 * @param deadLetteredAt when it was parked
 * @param event the envelope, or {@code null} when the entry could not be decoded
 */
public record DeadLetter(String id, String group, String stream, String entryId, String error, int attempts,
        Instant deadLetteredAt, Envelope event) {
}
