package dev.chezhu.identity.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Native SQL on the current Hibernate Reactive session (so it joins the caller's transaction), in as
 * few round trips as possible: statements take their rows as one JSON text parameter and answer one
 * JSON text. Every parameter is bound as text (or int) and cast in SQL, so no driver type inference
 * is involved.
 */
final class Sql {

    /** Separator for key lists (keys are printable and never contain it). */
    static final String SEP = "\n";

    private Sql() {
    }

    static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Runs a statement answering one text column (JSON, usually) in one row, or null. */
    static Uni<String> text(String sql, Map<String, Object> params) {
        return session().flatMap(s -> {
            Mutiny.SelectionQuery<String> query = s.createNativeQuery(sql, String.class);
            params.forEach(query::setParameter);
            return query.getSingleResultOrNull();
        });
    }

    static Uni<JsonObject> object(String sql, Map<String, Object> params) {
        return text(sql, params).map(t -> t == null ? new JsonObject() : new JsonObject(t));
    }

    static Uni<JsonArray> array(String sql, Map<String, Object> params) {
        return text(sql, params).map(t -> t == null ? new JsonArray() : new JsonArray(t));
    }

    static Uni<Integer> update(String sql, Map<String, Object> params) {
        return session().flatMap(s -> {
            Mutiny.MutationQuery query = s.createNativeQuery(sql);
            params.forEach(query::setParameter);
            return query.executeUpdate();
        });
    }

    static String list(Collection<String> values) {
        return String.join(SEP, values);
    }

    static String ts(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    static Instant instant(Object json) {
        if (json == null) {
            return null;
        }
        return OffsetDateTime.parse(json.toString()).toInstant();
    }

    /** SQL for a text[] from a list parameter. */
    static String arr(String param) {
        return "string_to_array(cast(:" + param + " as text), E'\\n')";
    }

    /** SQL for a timestamptz from a text parameter (empty = null). */
    static String tsp(String param) {
        return "cast(nullif(cast(:" + param + " as text), '') as timestamptz)";
    }

    /** SQL for a json value from a text parameter. */
    static String json(String param) {
        return "cast(cast(:" + param + " as text) as json)";
    }
}
