package dev.chezhu.platform.events;

import jakarta.enterprise.context.ApplicationScoped;

/** The handler of the topic {@code test}. */
@ApplicationScoped
public class TestTopicHandler extends ScriptedHandler {

    static final String TOPIC = "test";

    @Override
    public String topic() {
        return TOPIC;
    }
}
