package io.docspaceguard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances sharing a PostgreSQL database, told apart by session advisory locks: a running instance holds the
 * lock of its id on a connection of its own, and PostgreSQL drops the lock the moment that connection ends,
 * however the process ended. An instance whose lock can be taken is therefore not running.
 */
final class PostgresInstances implements InstanceRegistry {
    private static final Logger log = LoggerFactory.getLogger(PostgresInstances.class);
    /** First key of every lock taken here, so they cannot meet another application's advisory locks. */
    private static final int NAMESPACE = 0x44534731; // "DSG1"
    private static final String LOCK = "SELECT pg_advisory_lock(?, ?)";
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?, ?)";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?, ?)";

    private final Supplier<Connection> connections;
    private final Set<String> local = ConcurrentHashMap.newKeySet();

    PostgresInstances(Supplier<Connection> connections) {
        this.connections = connections;
    }

    @Override
    public Instance join() {
        String id = UUID.randomUUID().toString();
        Connection holder = connections.get();
        try {
            lock(holder, LOCK, id);
        } catch (SQLException e) {
            closeQuietly(holder);
            throw new DatabaseException("cannot register this instance: " + e.getMessage(), e);
        }
        local.add(id);
        return new Joined(id, () -> {
            local.remove(id);
            // The server ends a closed session a moment after the client has gone; unlocking first makes a clean
            // stop visible at once. A crash ends the session, and with it the lock, all the same.
            try {
                lock(holder, UNLOCK, id);
            } catch (SQLException e) {
                log.debug("unlocking instance {} before closing failed: {}", id, e.getMessage());
            }
            closeQuietly(holder);
        });
    }

    @Override
    public boolean isRunning(String instanceId) {
        if (instanceId == null) {
            return false;
        }
        if (local.contains(instanceId)) {
            return true;
        }
        try (Connection probe = connections.get()) {
            if (!lock(probe, TRY_LOCK, instanceId)) {
                return true;
            }
            lock(probe, UNLOCK, instanceId);
            return false;
        } catch (SQLException e) {
            // Unsure means running: finishing another instance's work while it runs would do it twice.
            log.warn("cannot tell whether instance {} runs: {}", instanceId, e.getMessage());
            return true;
        }
    }

    /** Runs one of the lock statements on the id's key; true unless it answered false (a lock not taken). */
    private static boolean lock(Connection connection, String sql, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, id.hashCode());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                Object answer = rs.getObject(1);
                return !(answer instanceof Boolean taken) || taken;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing an instance connection failed: {}", e.getMessage());
        }
    }
}
