package dev.chezhu.identity.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * The digests of quarantined (shared) identifiers this replica knows of. A quarantine is never
 * lifted, so a known one is certain: resolution neither locks nor matches such an identifier, which
 * keeps the observations that carry a dealer's front-desk phone from queueing behind each other.
 * Loaded at start, then learnt from every resolution (its locked read reports quarantines made by
 * other replicas; a replica that does not know one yet only locks it once more).
 */
@ApplicationScoped
public class QuarantineRegistry {

    private static final Logger LOG = Logger.getLogger(QuarantineRegistry.class);
    private static final int MAX_KNOWN = 1_000_000;

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final DataSource jdbc;

    public QuarantineRegistry(DataSource jdbc) {
        this.jdbc = jdbc;
    }

    void load(@Observes StartupEvent start) {
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select digest from quarantined_identifier limit " + MAX_KNOWN)) {
            while (rs.next()) {
                known.add(rs.getString(1));
            }
            LOG.infof("%d quarantined identifiers known", known.size());
        } catch (SQLException e) {
            LOG.warnf("Quarantined identifiers not preloaded (%s): they are learnt as they are met", e.getSQLState());
        }
    }

    public boolean contains(String digest) {
        return known.contains(digest);
    }

    public void learn(Collection<String> digests) {
        if (known.size() < MAX_KNOWN) {
            known.addAll(digests);
        }
    }
}
