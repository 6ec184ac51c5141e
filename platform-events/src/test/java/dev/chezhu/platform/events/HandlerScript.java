package dev.chezhu.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the test handlers do, by payload: {@code ok} succeeds, {@code fail-twice} fails its first two
 * deliveries, {@code fail-until-fixed} fails until its subject is {@link #fix fixed}. Every attempt is
 * recorded with its time.
 */
@ApplicationScoped
public class HandlerScript {

    static final String OK = "ok";
    static final String FAIL_TWICE = "fail-twice";
    static final String FAIL_UNTIL_FIXED = "fail-until-fixed";

    private final Map<UUID, List<Instant>> attempts = new ConcurrentHashMap<>();
    private final Set<String> fixed = ConcurrentHashMap.newKeySet();

    /** Records an attempt and returns its number (1 for the first). */
    int attempt(UUID eventId) {
        List<Instant> list = attempts.computeIfAbsent(eventId, id -> new CopyOnWriteArrayList<>());
        list.add(Instant.now());
        return list.size();
    }

    List<Instant> attempts(UUID eventId) {
        return attempts.getOrDefault(eventId, List.of());
    }

    void fix(String subject) {
        fixed.add(subject);
    }

    boolean shouldFail(String value, String subject, int attempt) {
        return switch (value) {
            case FAIL_TWICE -> attempt <= 2;
            case FAIL_UNTIL_FIXED -> !fixed.contains(subject);
            default -> false;
        };
    }
}
