package dev.chezhu.recommendation.identity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.chezhu.recommendation.domain.ConsentGate;
import dev.chezhu.recommendation.domain.Listener;
import dev.chezhu.recommendation.domain.ListenerProfiles;
import io.smallrye.mutiny.Uni;

/**
 * identity-service does not run in these tests: this stands in for the two ports to it. Every
 * listener grants personalisation unless a test denies it or makes identity unreachable for them;
 * profiles are what a test sets. The service's own stores stay real.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestIdentity implements ConsentGate, ListenerProfiles {

    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> profiles = new ConcurrentHashMap<>();

    private static String subject(Listener listener) {
        return listener.personId().map(id -> "person:" + id).orElseGet(() -> "vehicle:" + listener.vin().get());
    }

    /** {@code persons/{id}} or {@code vehicles/{vin}} refuses personalisation. */
    public void deny(String name) {
        denied.add(key(name));
    }

    public void grant(String name) {
        denied.remove(key(name));
    }

    /** identity cannot answer for {@code persons/{id}} or {@code vehicles/{vin}}. */
    public void unreachable(String name) {
        unreachable.add(key(name));
    }

    public void profile(String person, List<String> segments) {
        profiles.put(key(person), List.copyOf(segments));
    }

    public void reset() {
        denied.clear();
        unreachable.clear();
        profiles.clear();
    }

    private static String key(String name) {
        return name.startsWith("persons/") ? "person:" + name.substring(8) : "vehicle:" + name.substring(9);
    }

    @Override
    public Uni<Optional<Boolean>> check(Listener listener) {
        String subject = subject(listener);
        if (unreachable.contains(subject)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().item(Optional.of(!denied.contains(subject)));
    }

    @Override
    public Uni<List<String>> segments(Listener listener) {
        return Uni.createFrom().item(profiles.getOrDefault(subject(listener), List.of()));
    }

    @Override
    public Uni<Void> forget(String personId) {
        return Uni.createFrom().voidItem();
    }
}
