package dev.chezhu.gateway.ratelimit;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-partner request budgets: a default, and overrides per Keycloak client ID. */
@ConfigMapping(prefix = "chezhu.gateway.rate-limit")
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** The budget of a client without an override. */
    Limit defaults();

    /** Overrides keyed by client ID, e.g. {@code chezhu.gateway.rate-limit.clients."partner-app".requests-per-second}. */
    Map<String, Limit> clients();

    interface Limit {
        /** Sustained rate. */
        @WithDefault("50")
        double requestsPerSecond();

        /** How many requests may arrive at once after a quiet period. */
        @WithDefault("100")
        int burst();
    }

    default Limit limitFor(String clientId) {
        return clients().getOrDefault(clientId, defaults());
    }
}
