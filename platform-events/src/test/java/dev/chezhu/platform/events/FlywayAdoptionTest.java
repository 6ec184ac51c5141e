package dev.chezhu.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A service whose database already ran its own V1 adopts the library: its {@code V0_1} sorts below
 * V1, so Flyway refuses it unless out-of-order migrations are allowed. Plain Flyway on a scratch
 * schema of the test database.
 */
class FlywayAdoptionTest {

    private static final String URL = "jdbc:postgresql://" + env("DB_HOST", "127.0.0.1") + ":" + env("DB_PORT", "5432")
            + "/chezhu_events_test";
    private static final String SCHEMA = "flyway_adoption_probe";

    @Test
    void anExistingDatabaseNeedsOutOfOrderToTakeThePlatformMigration() throws Exception {
        Flyway serviceOnly = flyway().locations("classpath:db/adoption-probe").cleanDisabled(false).load();
        serviceOnly.clean();
        serviceOnly.migrate();

        FlywayException refused = assertThrows(FlywayException.class,
                () -> flyway().locations("classpath:db/adoption-probe", "classpath:db/platform").load().migrate());
        assertTrue(refused.getMessage().contains("0.1"), refused.getMessage());

        flyway().locations("classpath:db/adoption-probe", "classpath:db/platform").outOfOrder(true).load().migrate();
        try (Connection connection = DriverManager.getConnection(URL, env("DB_USER", "chezhu"), env("DB_PASSWORD", "chezhu"));
                ResultSet tables = connection.createStatement().executeQuery("select count(*) from information_schema.tables "
                        + "where table_schema = '" + SCHEMA + "' and table_name in ('outbox_event', 'inbox_event')")) {
            tables.next();
            assertEquals(2, tables.getInt(1));
        }
    }

    private static FluentConfiguration flyway() {
        return Flyway.configure().dataSource(URL, env("DB_USER", "chezhu"), env("DB_PASSWORD", "chezhu"))
                .schemas(SCHEMA).defaultSchema(SCHEMA);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
