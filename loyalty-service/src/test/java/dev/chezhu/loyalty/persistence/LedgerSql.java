package dev.chezhu.loyalty.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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

    /** Runs a statement and returns the number of rows it changed. */
    public int execute(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            return statement.executeUpdate();
        }
    }

    private long single(String sql, String parameter) {
        return Long.parseLong(text(sql, parameter));
    }

    private String text(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
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
}
