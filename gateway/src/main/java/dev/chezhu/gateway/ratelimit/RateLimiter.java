package dev.chezhu.gateway.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * A token bucket per partner in Redis, so every gateway replica draws from the same budget. The
 * bucket is refilled from Redis' own clock inside one script: replicas' clocks never disagree.
 */
@ApplicationScoped
public class RateLimiter {

    /** The answer for one request: allowed, or how long to wait. */
    public record Decision(boolean allowed, long retryAfterMillis) {
    }

    private static final String TOKEN_BUCKET = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or burst
            local at = tonumber(state[2]) or now
            tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
            local allowed = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) * 1000 / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
            return {allowed, wait}
            """;

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Decision> acquire(String clientId, String subject) {
        RateLimitConfig.Limit limit = config.limitFor(clientId);
        return redis.execute("EVAL", TOKEN_BUCKET, "1", "gateway:ratelimit:" + clientId + ":" + subject,
                Double.toString(limit.requestsPerSecond()), Integer.toString(limit.burst()))
                .map(RateLimiter::decision);
    }

    private static Decision decision(Response response) {
        return new Decision(response.get(0).toInteger() == 1, response.get(1).toLong());
    }
}
