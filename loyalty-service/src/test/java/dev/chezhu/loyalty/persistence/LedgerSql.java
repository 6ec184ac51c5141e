package dev.chezhu.loyalty.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/** Plain JDBC on the test database, to check what the service wrote from outside the service. */
@ApplicationScoped
public class LedgerSql {

    private final AgroalDataSource dataSource;

    public LedgerSql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The sum of the ledger of a person, computed from the entries themselves. */
    public long ledgerSum(String personId) {
        return single("select coalesce(sum(points), 0) from ledger_entry where person_id = ?", personId);
    }

    public long entryCount(String personId) {
        return single("select count(*) from ledger_entry where person_id = ?", personId);
    }

    /** The account's balance snapshot; -1 when the person has no account row. */
    public long balanceSnapshot(String personId) {
        return single("select coalesce((select balance from loyalty_account where person_id = ?), -1)", personId);
    }

    public long version(String personId) {
        return single("select coalesce((select version from loyalty_account where person_id = ?), -1)", personId);
    }

    public long entriesWithRequestId(String requestId) {
        return single("select count(*) from ledger_entry where request_id = ?", requestId);
    }

    public String column(String column, String requestId) {
        return text("select " + column + " from ledger_entry where request_id = ?", requestId);
    }

    /** What a holder's lots hold: must equal max(balance, 0) at every commit. */
    public long lotsHeld(String personId) {
        return single("select coalesce(sum(remaining), 0) from points_lot where person_id = ?", personId);
    }

    /** Lot bookkeeping is consistent: every lot's points = remaining + what entries took from it (+ debt paid). */
    public long inconsistentLots() {
        return single("select count(*) from points_lot l where l.remaining > l.points - coalesce((select sum(a.points) "
                + "from lot_allocation a where a.lot_id = l.lot_id), 0)");
    }

    /** Events of a type about a person in the outbox (the relay is off in tests). */
    public long events(String type, String personId) {
        return single("select count(*) from outbox_event where type = ? and subject = ?", "chezhu.loyalty.v1." + type,
                "persons/" + personId);
    }

    public byte[] lastEventPayload(String type, String personId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select payload from outbox_event where type = ? and subject = ? "
                        + "order by id desc limit 1")) {
            s.setString(1, "chezhu.loyalty.v1." + type);
            s.setString(2, "persons/" + personId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement and returns the number of rows it changed. */
    public int execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    /** The same, for tests that do not expect it to fail. */
    public int update(String sql, Object... parameters) {
        try {
            return execute(sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long single(String sql, Object... parameters) {
        return Long.parseLong(text(sql, parameters));
    }

    public List<String> strings(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no row for " + sql);
                }
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
