package dev.chezhu.platform.events;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/** W3C {@code traceparent} in and out of envelopes, and the span attribute names used here. */
final class EventTracing {

    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("chezhu.event.id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("chezhu.event.type");
    static final AttributeKey<String> EVENT_TOPIC = AttributeKey.stringKey("chezhu.event.topic");
    static final AttributeKey<Long> EVENT_COUNT = AttributeKey.longKey("chezhu.event.count");
    static final AttributeKey<Long> DELIVERY = AttributeKey.longKey("chezhu.event.delivery");
    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");

    private static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return Collections.singleton(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private EventTracing() {
    }

    /** The traceparent of a context's span, or {@code null} when it has no valid span. */
    static String traceparent(Context context) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** A context whose parent is the producer's span; the root context when there is none. */
    static Context parentOf(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, GETTER);
    }
}
