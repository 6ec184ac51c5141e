package dev.chezhu.telematics.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.telematics.domain.ConsentDecision;
import dev.chezhu.telematics.domain.ConsentGate;
import io.smallrye.mutiny.Uni;

/**
 * The consent port in tests: identity-service does not run here. Replaces the default gate (a
 * DefaultBean). Every vehicle consents unless a test withholds it, or makes identity "unreachable".
 */
@ApplicationScoped
public class TestConsentGate implements ConsentGate {

    private final Set<String> withheld = ConcurrentHashMap.newKeySet();
    private volatile boolean unreachable;

    public void withhold(String vin) {
        withheld.add(vin);
    }

    public void unreachable(boolean down) {
        unreachable = down;
    }

    public void reset() {
        withheld.clear();
        unreachable = false;
    }

    @Override
    public Uni<ConsentDecision> telemetryCollection(String vin) {
        if (unreachable) {
            return Uni.createFrom().failure(new IllegalStateException("identity-service unreachable (test)"));
        }
        return Uni.createFrom().item(withheld.contains(vin) ? ConsentDecision.NOT_GRANTED : ConsentDecision.GRANTED);
    }
}
