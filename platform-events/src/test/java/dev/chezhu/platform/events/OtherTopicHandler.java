package dev.chezhu.platform.events;

import jakarta.enterprise.context.ApplicationScoped;

/** A second topic, so the consumer loop reads two streams at once. */
@ApplicationScoped
public class OtherTopicHandler extends ScriptedHandler {

    static final String TOPIC = "test-other";

    @Override
    public String topic() {
        return TOPIC;
    }
}
