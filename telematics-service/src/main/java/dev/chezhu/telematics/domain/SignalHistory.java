package dev.chezhu.telematics.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import dev.chezhu.telematics.persistence.SignalHistoryStore;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * QuerySignalHistory: raw datapoints or min/max/avg buckets of one signal of one vehicle, paged.
 * Raw rows are kept for the raw retention; older buckets come from the hourly rollups, so a range
 * reaching back past the raw retention needs a bucket of whole hours.
 */
@ApplicationScoped
public class SignalHistory {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
    public static final Duration MAX_RANGE = Duration.ofDays(366);

    /** A query as received; {@code bucket} is null for raw datapoints. */
    public record Query(String vehicle, String signal, Instant from, Instant to, Duration bucket, int pageSize,
            String pageToken) {
    }

    private final SignalCatalogue catalogue;
    private final SignalHistoryStore store;
    private final RetentionPolicy retention;
    private final Clock clock;

    public SignalHistory(SignalCatalogue catalogue, SignalHistoryStore store, RetentionPolicy retention, Clock clock) {
        this.catalogue = catalogue;
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    @WithSpan("SignalHistory.query")
    public Uni<HistoryPage> query(Caller caller, @SpanAttribute("vehicle.name") String vehicleName, Query query) {
        return Uni.createFrom().deferred(() -> {
            VehicleAccess.requireRead(caller, VehicleName.requestedVin(query.vehicle(), false));
            Violations violations = new Violations();
            var vin = VehicleName.vin(query.vehicle(), false);
            violations.require(vin.isPresent(), "vehicle", "must be vehicles/{vin}");
            var signal = query.signal() == null ? java.util.Optional.<SignalDefinition> empty()
                    : catalogue.find(query.signal());
            violations.require(signal.isPresent(), "signal", "must be a catalogued VSS signal such as Vehicle.Speed");
            violations.require(query.from() != null, "start_time", "required");
            violations.require(query.to() != null, "end_time", "required");
            if (query.from() != null && query.to() != null) {
                violations.require(query.from().isBefore(query.to()), "end_time", "must be after start_time");
                violations.require(Duration.between(query.from(), query.to()).compareTo(MAX_RANGE) <= 0,
                        "end_time", "the range may span at most " + MAX_RANGE.toDays() + " days");
            }
            Instant now = clock.instant();
            Instant boundary = retention.rollupBoundary(now);
            if (query.bucket() != null) {
                Duration bucket = query.bucket();
                violations.require(bucket.getNano() == 0 && bucket.getSeconds() >= 1, "bucket",
                        "must be a whole number of seconds, at least 1 s");
                signal.ifPresent(s -> violations.require(s.type().base().numeric() && !s.type().array(), "bucket",
                        s.path() + " is " + s.type() + ": only numeric signals have min/max/avg"));
                if (query.from() != null && query.from().isBefore(boundary)) {
                    violations.require(bucket.getNano() == 0 && bucket.getSeconds() % 3600 == 0, "bucket",
                            "raw datapoints are kept for " + retention.raw().toDays() + " days; older history is "
                                    + "kept as hourly rollups, so a range starting before " + boundary
                                    + " needs a bucket of whole hours");
                }
            }
            if (query.pageSize() < 0) {
                violations.add("page_size", "must not be negative");
            }
            violations.throwIfAny("INVALID_HISTORY_QUERY");
            int size = PageTokens.pageSize(query.pageSize(), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
            String fingerprint = String.join("|", vin.get(), signal.get().path(), query.from().toString(),
                    query.to().toString(), String.valueOf(query.bucket()));
            String cursor = PageTokens.cursor(query.pageToken(), fingerprint);
            return query.bucket() == null
                    ? raw(vin.get(), signal.get(), query, size, cursor, fingerprint)
                    : buckets(vin.get(), signal.get(), query, size, cursor, fingerprint, boundary);
        });
    }

    private Uni<HistoryPage> raw(String vin, SignalDefinition signal, Query query, int size, String cursor,
            String fingerprint) {
        Instant from = query.from();
        int skip = 0;
        if (cursor != null) {
            String[] parts = cursor.split(":");
            from = parseMicros(parts[0]);
            skip = Integer.parseInt(parts[1]);
        }
        Instant start = from;
        int already = skip;
        return store.raw(vin, signal, start, query.to(), size + 1, already).map(rows -> {
            List<SignalReading> page = rows.subList(0, Math.min(size, rows.size()));
            String next = "";
            if (rows.size() > size) {
                Instant last = page.get(page.size() - 1).observedAt();
                int sameTime = (int) page.stream().filter(r -> r.observedAt().equals(last)).count();
                int nextSkip = last.equals(start) ? already + sameTime : sameTime;
                next = PageTokens.token(AlertRules.micros(last) + ":" + nextSkip, fingerprint);
            }
            return new HistoryPage(vin, signal.path(), page, List.of(), next);
        });
    }

    private Uni<HistoryPage> buckets(String vin, SignalDefinition signal, Query query, int size, String cursor,
            String fingerprint, Instant boundary) {
        Instant from = cursor == null ? query.from() : max(query.from(), parseMicros(cursor));
        Instant rawFrom = max(from, boundary);
        Instant rollupTo = min(query.to(), boundary);
        return store.buckets(vin, signal.path(), query.bucket().getSeconds(), rawFrom, query.to(), from, rollupTo,
                size + 1).map(rows -> {
                    List<SignalAggregate> page = rows.subList(0, Math.min(size, rows.size()));
                    String next = rows.size() > size
                            ? PageTokens.token(Long.toString(AlertRules.micros(rows.get(size).start())), fingerprint)
                            : "";
                    return new HistoryPage(vin, signal.path(), List.of(), page, next);
                });
    }

    private static Instant parseMicros(String text) {
        try {
            long micros = Long.parseLong(text);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        } catch (NumberFormatException e) {
            throw ServiceException.invalidField("page_token", "is not a token this query returned");
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
