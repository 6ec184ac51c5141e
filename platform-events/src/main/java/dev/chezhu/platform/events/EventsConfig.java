package dev.chezhu.platform.events;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code chezhu.events.*}: relay, streams, consumers, retries and inbox retention. */
@ConfigMapping(prefix = "chezhu.events")
public interface EventsConfig {

    Relay relay();

    Streams stream();

    Consumers consumers();

    Retry retry();

    Inbox inbox();

    interface Relay {
        /** Whether this process relays its outbox to Redis. */
        @WithDefault("true")
        boolean enabled();

        /** Pause between two relay runs (a run drains up to 10 batches). */
        @WithDefault("200ms")
        Duration interval();

        /** Rows claimed per relay transaction. */
        @WithDefault("100")
        int batchSize();
    }

    interface Streams {
        /** Approximate cap per stream ({@code XADD MAXLEN ~}); 0 keeps every entry. */
        @WithDefault("1000000")
        long maxLength();
    }

    interface Consumers {
        /** Whether this process consumes the topics of its handlers. */
        @WithDefault("true")
        boolean enabled();

        /** Entries read per stream per {@code XREADGROUP}. */
        @WithDefault("32")
        int batchSize();

        /** How long one {@code XREADGROUP} waits for new entries. */
        @WithDefault("1s")
        Duration block();

        /** Consumer name inside the group; default {@code <group>-<random>} per process. */
        Optional<String> name();

        /** How often pending entries (failed or left by a dead consumer) are checked for retry. */
        @WithDefault("1s")
        Duration reclaimInterval();
    }

    interface Retry {
        /** Deliveries before an entry goes to the dead-letter stream. */
        @WithDefault("5")
        int maxDeliveries();

        /** Wait after the first failed delivery; doubles with every further delivery. */
        @WithDefault("5s")
        Duration backoffBase();

        /** Longest wait between two deliveries. */
        @WithDefault("10m")
        Duration backoffMax();
    }

    interface Inbox {
        /** How long processed event IDs are kept for deduplication. */
        @WithDefault("P30D")
        Duration retention();
    }
}
