package dev.chezhu.loyalty.domain;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for row and event IDs on the counter's hot path. They identify, they do
 * not protect anything, so they need not come from the (lock-contended) SecureRandom that
 * {@link UUID#randomUUID()} uses. Anything that must not be guessed (coupon codes) uses SecureRandom.
 */
public final class Ids {

    private Ids() {
    }

    public static UUID next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
