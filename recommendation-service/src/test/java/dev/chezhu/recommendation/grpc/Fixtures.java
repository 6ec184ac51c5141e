package dev.chezhu.recommendation.grpc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.google.protobuf.Duration;

import dev.chezhu.recommendation.v1.DayPart;
import dev.chezhu.recommendation.v1.DrivingState;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * Test data and direct looks into the real PostgreSQL and Redis: counting rows, adding and retiring
 * catalogue items behind the service's back, and clearing this service's Redis keys.
 */
@Singleton
public class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    private final AgroalDataSource database;
    private final RedisDataSource redis;

    public Fixtures(AgroalDataSource database, RedisDataSource redis) {
        this.database = database;
        this.redis = redis;
    }

    static String randomVin() {
        StringBuilder vin = new StringBuilder("LTEST");
        while (vin.length() < 17) {
            vin.append(VIN_ALPHABET.charAt(RANDOM.nextInt(VIN_ALPHABET.length())));
        }
        return vin.toString();
    }

    public static String randomPerson() {
        return "persons/" + UUID.randomUUID();
    }

    public static ListeningEvent.Builder event(String item, ListeningEventType type) {
        return ListeningEvent.newBuilder()
                .setItem("items/" + item)
                .setType(type)
                .setListened(Duration.newBuilder().setSeconds(120))
                .setContext(ListeningContext.newBuilder().setPlace(Place.PLACE_IN_CAR)
                        .setDayPart(DayPart.DAY_PART_MORNING).setDrivingState(DrivingState.DRIVING_STATE_CITY));
    }

    public static RecordListeningEventRequest record(ListeningEvent.Builder event) {
        return RecordListeningEventRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setEvent(event).build();
    }

    /** A request for {@code count} items for a listener who never listened. */
    static RecommendRequest forNewListener(int count) {
        return RecommendRequest.newBuilder().setPerson(randomPerson()).setCount(count).build();
    }

    /** Deletes this service's keys only: other services share the Redis database. */
    public void clearSignals() {
        List<String> keys = new ArrayList<>(redis.key().keys("recommendation:*"));
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
    }

    public OptionalDouble popularity(String itemId) {
        return redis.sortedSet(String.class, String.class).zscore("recommendation:popularity", itemId);
    }

    /** Undoes one event's projection, as if Redis had never been reached. */
    public void forgetProjection(String eventId, String itemId, double weight, String listenerKey) {
        redis.key().del("recommendation:applied:" + eventId);
        redis.sortedSet(String.class, String.class).zincrby("recommendation:popularity", -weight, itemId);
        redis.list(String.class, String.class).lrem("recommendation:recent:" + listenerKey, 0, itemId);
    }

    public List<String> recentPlays(String listenerKey) {
        return redis.list(String.class, String.class).lrange("recommendation:recent:" + listenerKey, 0, -1);
    }

    public long count(String sql, Object... params) {
        try (Connection connection = database.getConnection(); PreparedStatement statement = prepare(connection, sql,
                params); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> strings(String sql, Object... params) {
        try (Connection connection = database.getConnection(); PreparedStatement statement = prepare(connection, sql,
                params); ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void update(String sql, Object... params) {
        try (Connection connection = database.getConnection(); PreparedStatement statement = prepare(connection, sql,
                params)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The active catalogue in editorial order, as a cold platform must answer it. */
    public List<String> editorialOrder() {
        return strings("select id from audio_item where not retired order by editorial_rank nulls last, id");
    }

    /** A new active item with no editorial rank. */
    public String newItem() {
        String id = "test-" + UUID.randomUUID().toString().substring(0, 8);
        update("insert into audio_item (id, title, kind, language, duration_seconds, provider) "
                + "values (?, 'Test programme', 'PROGRAMME', 'zh-CN', 600, 'test-provider')", id);
        update("insert into audio_item_tag (item_id, tag) values (?, 'commute')", id);
        catalogueChanged();
        return id;
    }

    public void retire(String itemId) {
        update("update audio_item set retired = true, updated_at = now(), version = version + 1 where id = ?", itemId);
        catalogueChanged();
    }

    /** Tells the replicas the catalogue changed behind the service's back (as the RPCs do). */
    public void catalogueChanged() {
        redis.value(String.class, String.class).incr("recommendation:catalogue-version");
    }

    public java.util.Map<String, String> hash(String key) {
        return redis.hash(String.class, String.class, String.class).hgetall(key);
    }

    /** Ends a listener's drive: its skips no longer demote anything. */
    public void clearDrive(String listenerKey) {
        redis.key().del("recommendation:drive:" + listenerKey);
    }

    public boolean exists(String key) {
        return redis.key().exists(key);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
