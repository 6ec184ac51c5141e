package dev.chezhu.loyalty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.testing.TestCallers;

/**
 * Real Keycloak tokens per kind of caller, fetched once a minute at most (a password grant costs
 * Keycloak a hash, and the suite makes thousands of calls).
 */
public final class Callers {

    private static final long TTL_NANOS = 60_000_000_000L;
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(BearerTokenCredentials credentials, long fetchedAt) {
    }

    private Callers() {
    }

    private static BearerTokenCredentials cached(String key, Supplier<BearerTokenCredentials> fetch) {
        Cached found = CACHE.compute(key, (k, old) -> old != null && System.nanoTime() - old.fetchedAt() < TTL_NANOS ? old
                : new Cached(fetch.get(), System.nanoTime()));
        return found.credentials();
    }

    public static BearerTokenCredentials service() {
        return cached("service", () -> TestCallers.service("gateway"));
    }

    public static BearerTokenCredentials admin() {
        return cached("admin", TestCallers::platformAdmin);
    }

    public static BearerTokenCredentials dealerD001() {
        return cached("d001", TestCallers::dealerD001);
    }

    public static BearerTokenCredentials dealerD002() {
        return cached("d002", TestCallers::dealerD002);
    }

    public static BearerTokenCredentials partner() {
        return cached("partner", TestCallers::partner);
    }

    /** A partner with read scopes only (no loyalty:write, no coupons:publish). */
    public static BearerTokenCredentials readOnlyPartner() {
        return cached("partner-readonly", () -> TestCallers.bearer(TestCallers.KEYCLOAK.clientToken("partner-readonly",
                "partner-readonly-secret")));
    }

    /** Head unit of {@link TestCallers#HEAD_UNIT_VIN}. */
    public static BearerTokenCredentials headUnit() {
        return cached("head-unit", TestCallers::headUnit);
    }

    public static BearerTokenCredentials otherHeadUnit() {
        return cached("head-unit-2", TestCallers::otherHeadUnit);
    }
}
