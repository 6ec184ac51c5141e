package dev.chezhu.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chezhu.gateway.problem.Problem;
import dev.chezhu.gateway.problem.ProblemException;
import dev.chezhu.platform.auth.Caller;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Idempotency-Key for every state-changing POST, shared by all gateway replicas through Redis: the
 * first request runs and its response is kept for a day; a retry with the same key and body gets
 * that response again (header {@code Idempotent-Replayed: true}) and causes no second effect; the
 * same key with another body is refused; a retry while the first is still running gets 409. The
 * key also becomes the backend's request_id, so even a lost Redis entry cannot double an effect.
 * Every state-changing call leaves an audit line with the partner's client ID.
 */
@ApplicationScoped
public class IdempotentRequests {

    private static final Logger AUDIT = Logger.getLogger("dev.chezhu.gateway.audit");
    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7e]{8,90}$");
    private static final String BY_PERSON = "gateway:idempotency:by-person:";

    private record Stored(String state, String fingerprint, int status, JsonNode body) {
    }

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final long ttlSeconds;

    public IdempotentRequests(ReactiveRedisDataSource redis, ObjectMapper json,
            @ConfigProperty(name = "chezhu.gateway.idempotency-ttl", defaultValue = "PT24H") java.time.Duration ttl) {
        this.redis = redis;
        this.json = json;
        this.ttlSeconds = ttl.toSeconds();
    }

    /** Checks the header; state-changing calls without a usable key are refused before anything runs. */
    public static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new ProblemException(400, "IDEMPOTENCY_KEY_REQUIRED",
                    "State-changing calls need an Idempotency-Key header of 8-90 printable characters (e.g. a UUID)");
        }
    }

    /** The backend request_id for a key: scoped by the token's subject so two callers never collide. */
    public static String requestId(Caller caller, String key) {
        return caller.subject() + ":" + key;
    }

    /** The same, hashed to 64 hex characters, for services whose request_id is at most 64 long. */
    public static String shortRequestId(Caller caller, String key) {
        return digest(caller.subject() + "\n" + key);
    }

    public <T> Uni<Response> execute(Caller caller, String operation, String key, Object input, Supplier<Uni<T>> action) {
        requireKey(key);
        String redisKey = "gateway:idempotency:" + shortRequestId(caller, key);
        String fingerprint = digest(operation + "\n" + write(input));
        String pending = write(new Stored("pending", fingerprint, 0, null));
        return redis.execute("SET", redisKey, pending, "NX", "EX", Long.toString(ttlSeconds))
                .flatMap(claimed -> claimed != null
                        ? run(caller, operation, redisKey, fingerprint, action)
                        : replay(caller, operation, redisKey, fingerprint));
    }

    private <T> Uni<Response> run(Caller caller, String operation, String redisKey, String fingerprint,
            Supplier<Uni<T>> action) {
        return Uni.createFrom().deferred(action::get)
                .onFailure().call(failure -> redis.execute("DEL", redisKey))
                .onFailure().invoke(failure -> audit(caller, operation, "refused: " + failure.getClass().getSimpleName()))
                .flatMap(result -> {
                    JsonNode body = json.valueToTree(result);
                    return redis.execute("SET", redisKey, write(new Stored("done", fingerprint, 200, body)), "EX",
                            Long.toString(ttlSeconds))
                            .call(() -> indexByPerson(redisKey, PersonReferences.in(body)))
                            .invoke(() -> audit(caller, operation, "done"))
                            .replaceWith(Response.ok(body).build());
                });
    }

    /** Remembers which persons a kept response is about, so {@link #forgetPersons} can find it. */
    private Uni<Void> indexByPerson(String redisKey, Set<String> personIds) {
        if (personIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(personIds)
                .onItem().transformToUniAndMerge(id -> redis.execute("SADD", BY_PERSON + id, redisKey)
                        .call(() -> redis.execute("EXPIRE", BY_PERSON + id, Long.toString(ttlSeconds))))
                .collect().last().replaceWithVoid();
    }

    /**
     * Deletes every kept response about these persons (an erasure): a replay of such a request then
     * runs again and gets the backend's answer for an erased person instead of their old data.
     */
    public Uni<Integer> forgetPersons(Collection<String> personIds) {
        return Multi.createFrom().iterable(List.copyOf(personIds))
                .onItem().transformToUniAndConcatenate(id -> redis.execute("SMEMBERS", BY_PERSON + id)
                        .flatMap(members -> {
                            List<String> keys = new ArrayList<>();
                            if (members != null) {
                                members.forEach(member -> keys.add(member.toString()));
                            }
                            keys.add(BY_PERSON + id);
                            return redis.execute("DEL", keys.toArray(String[]::new))
                                    .map(deleted -> deleted == null ? 0 : deleted.toInteger());
                        }))
                .collect().asList().map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Response> replay(Caller caller, String operation, String redisKey, String fingerprint) {
        return redis.execute("GET", redisKey).map(found -> {
            if (found == null) {
                // expired between SET NX and GET: the backend's request_id still keeps it single
                throw new ProblemException(409, "REQUEST_IN_PROGRESS", "Retry the request");
            }
            Stored stored = read(found.toString());
            if (!stored.fingerprint().equals(fingerprint)) {
                audit(caller, operation, "refused: key reused with another body");
                return problem(422, "Unprocessable Content", "IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was used for a different request");
            }
            if (stored.state().equals("pending")) {
                return Response.fromResponse(problem(409, "Conflict", "REQUEST_IN_PROGRESS",
                        "The first request with this Idempotency-Key is still running")).header("Retry-After", 1).build();
            }
            audit(caller, operation, "replayed");
            return Response.status(stored.status()).entity(stored.body()).header("Idempotent-Replayed", "true").build();
        });
    }

    private static Response problem(int status, String title, String reason, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, reason, detail, List.of())).build();
    }

    private static void audit(Caller caller, String operation, String outcome) {
        AUDIT.infof("client=%s subject=%s operation=%s outcome=%s", caller.clientId(), caller.subject(), operation,
                outcome);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Stored read(String value) {
        try {
            return json.readValue(value, Stored.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
