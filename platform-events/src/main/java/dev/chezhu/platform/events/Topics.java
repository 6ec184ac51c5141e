package dev.chezhu.platform.events;

import java.util.regex.Pattern;

/**
 * Topic names and the Redis keys they map to. A topic is one stream, {@code chezhu:events:<topic>};
 * each consumer group (one per consuming service) parks its poison messages in
 * {@code chezhu:events:dlq:<group>}.
 */
public final class Topics {

    public static final String IDENTITY = "identity";
    public static final String TELEMATICS = "telematics";
    public static final String RECOMMENDATION = "recommendation";
    public static final String LOYALTY = "loyalty";

    static final String STREAM_PREFIX = "chezhu:events:";
    static final String DEAD_LETTER_PREFIX = STREAM_PREFIX + "dlq:";
    static final String FAILURES_PREFIX = STREAM_PREFIX + "failures:";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private Topics() {
    }

    /** The stream a topic is published to. */
    public static String stream(String topic) {
        return STREAM_PREFIX + requireValid(topic);
    }

    /** The topic of a stream key, or the key itself when it is not an event stream. */
    public static String topicOf(String stream) {
        return stream.startsWith(STREAM_PREFIX) ? stream.substring(STREAM_PREFIX.length()) : stream;
    }

    /** The dead-letter stream of a consumer group. */
    public static String deadLetterStream(String group) {
        return DEAD_LETTER_PREFIX + group;
    }

    /** Hash of the last error of each failing entry of a group (field {@code <stream>|<entry id>}). */
    static String failures(String group) {
        return FAILURES_PREFIX + group;
    }

    /** Lower-case letters, digits and dashes; {@code dlq} and {@code failures} are reserved. */
    public static String requireValid(String topic) {
        if (topic == null || !NAME.matcher(topic).matches() || topic.equals("dlq") || topic.equals("failures")) {
            throw new IllegalArgumentException("invalid topic name: " + topic);
        }
        return topic;
    }
}
