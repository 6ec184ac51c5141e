package dev.chezhu.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct reads of a service's own database, to check that what the API said is what was stored. */
final class Databases {

    private Databases() {
    }

    static long count(String service, String sql, Object... params) {
        String url = "jdbc:postgresql://127.0.0.1:5432/" + database(service);
        try (Connection connection = DriverManager.getConnection(url, "chezhu", "chezhu");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("could not query " + database(service) + ": " + e.getMessage(), e);
        }
    }

    static String text(String service, String sql, Object... params) {
        String url = "jdbc:postgresql://127.0.0.1:5432/" + database(service);
        try (Connection connection = DriverManager.getConnection(url, "chezhu", "chezhu");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError("could not query " + database(service) + ": " + e.getMessage(), e);
        }
    }

    /** ./chezhu runs the end-to-end platform on its own databases, chezhu_<service>_<name> (name: e2e). */
    static String database(String service) {
        return "chezhu_" + service + "_" + System.getProperty("chezhu.e2e.database-suffix", "e2e");
    }
}
