package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.CampaignModel;
import dev.chezhu.loyalty.domain.CouponModel.Coupon;
import dev.chezhu.loyalty.domain.CouponModel.Redemption;
import dev.chezhu.loyalty.domain.CouponModel.State;
import dev.chezhu.loyalty.domain.CouponModel.Terms;
import dev.chezhu.loyalty.domain.Discount;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Coupon reads and the redemption itself on the reactive PostgreSQL pool directly, outside
 * Hibernate: the counter's path is one read (the coupon with its campaign terms and the redemption in
 * force) and one statement (the {@code redeem_coupon} function: conditional update, budget, redemption
 * row and events in one round trip and one commit). Prepared statements are cached per connection.
 */
@ApplicationScoped
public class CouponReads {

    /** What the redeem function answered. */
    public enum Outcome {
        REDEEMED,
        REPLAYED,
        NOT_REDEEMABLE,
        BUDGET_EXHAUSTED,
        REQUEST_ID_TAKEN
    }

    /** An event to write in the redemption's transaction (a row of the platform-events outbox). */
    public record OutboxEvent(UUID eventId, String type, String subject, byte[] payload) {
    }

    static final String SELECT = "select c.code, c.person_id, c.origin_person_id, c.state, c.face_value, c.issued_at, "
            + "c.expires_at, c.to_lead, k.campaign_id, k.display_name, k.discount_kind, k.discount_amount, "
            + "k.discount_percent, k.discount_max_amount, k.service_item, k.item_value, k.start_at, k.end_at, k.state, "
            + "k.dealer_ids, k.budget_enforcement, r.redemption_id, r.dealer_id, r.request_id, r.bill_amount, "
            + "r.discount_amount, r.redeemed_at, r.rolled_back_at "
            + "from coupon c join campaign k on k.campaign_id = c.campaign_id "
            + "left join coupon_redemption r on r.code = c.code and r.rolled_back_at is null ";

    private final Pool pool;

    public CouponReads(Pool pool) {
        this.pool = pool;
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    static Coupon coupon(Row r) {
        Discount discount = new Discount(Discount.Kind.valueOf(r.getString(10)), r.getLong(11), r.getInteger(12),
                r.getLong(13), r.getString(14), r.getLong(15));
        Terms terms = new Terms(r.getString(8), r.getString(9), discount, instant(r, 16), instant(r, 17),
                CampaignModel.State.valueOf(r.getString(18)), list(r.getString(19)),
                CampaignModel.BudgetEnforcement.valueOf(r.getString(20)));
        UUID redemptionId = r.getUUID(21);
        Redemption redemption = redemptionId == null ? null : new Redemption(redemptionId, r.getString(0),
                r.getString(22), r.getString(23), r.getLong(24), r.getLong(25), instant(r, 26), instant(r, 27));
        return new Coupon(r.getString(0), r.getString(1), r.getString(2), State.valueOf(r.getString(3)), r.getLong(4),
                instant(r, 5), instant(r, 6), r.getBoolean(7), terms, redemption);
    }

    public Uni<Optional<Coupon>> find(String code) {
        return pool.preparedQuery(SELECT + "where c.code = $1").execute(Tuple.of(code))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(coupon(rows.iterator().next())));
    }

    /** A holder's coupons, newest first, after a position (issued_at, code); state null = all. */
    public Uni<List<Coupon>> page(String personId, State state, Instant afterIssued, String afterCode, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append("where c.person_id = $1");
        List<Object> params = new ArrayList<>(List.of(personId));
        if (state != null) {
            params.add(state.name());
            sql.append(" and c.state = $").append(params.size());
        }
        if (afterIssued != null) {
            params.add(time(afterIssued));
            sql.append(" and (c.issued_at, c.code) < ($").append(params.size());
            params.add(afterCode);
            sql.append(", $").append(params.size()).append(")");
        }
        params.add(limit);
        sql.append(" order by c.issued_at desc, c.code desc limit $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<Coupon> page = new ArrayList<>();
            rows.forEach(row -> page.add(coupon(row)));
            return page;
        });
    }

    /** The redemption written by a request_id (in force or rolled back). */
    public Uni<Optional<Redemption>> redemptionByRequest(String requestId) {
        return pool.preparedQuery("select redemption_id, code, dealer_id, request_id, bill_amount, discount_amount, "
                + "redeemed_at, rolled_back_at from coupon_redemption where request_id = $1").execute(Tuple.of(requestId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Redemption(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3),
                            r.getLong(4), r.getLong(5), instant(r, 6), instant(r, 7)));
                });
    }

    /** Runs {@code redeem_coupon}: one statement, one commit. */
    public Uni<Outcome> redeem(String code, UUID redemptionId, String requestId, String dealerId, long billAmount,
            long discountAmount, Instant now, String actorClient, String actorSubject, boolean consumeBudget,
            List<OutboxEvent> events, String traceparent) {
        UUID[] ids = events.stream().map(OutboxEvent::eventId).toArray(UUID[]::new);
        String[] types = events.stream().map(OutboxEvent::type).toArray(String[]::new);
        String[] subjects = events.stream().map(OutboxEvent::subject).toArray(String[]::new);
        Buffer[] payloads = events.stream().map(e -> Buffer.buffer(e.payload())).toArray(Buffer[]::new);
        Tuple args = Tuple.tuple().addString(code).addUUID(redemptionId).addString(requestId).addString(dealerId)
                .addLong(billAmount).addLong(discountAmount).addOffsetDateTime(time(now)).addString(actorClient)
                .addString(actorSubject).addBoolean(consumeBudget).addArrayOfUUID(ids).addArrayOfString(types)
                .addArrayOfString(subjects).addValue(payloads).addString(traceparent);
        return pool.preparedQuery("select redeem_coupon($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                + "$15)")
                .execute(args)
                .map(rows -> Outcome.valueOf(rows.iterator().next().getString(0)))
                .onFailure(PgException.class).recoverWithItem(failure -> {
                    PgException pg = (PgException) failure;
                    if ("LY001".equals(pg.getSqlState())) {
                        return Outcome.BUDGET_EXHAUSTED;
                    }
                    if ("23505".equals(pg.getSqlState()) && pg.getConstraint() != null
                            && pg.getConstraint().equals("coupon_redemption_request_id")) {
                        return Outcome.REQUEST_ID_TAKEN;
                    }
                    throw new IllegalStateException("redeem_coupon failed", pg);
                });
    }
}
