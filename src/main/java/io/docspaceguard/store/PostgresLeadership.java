package io.docspaceguard.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lead among instances on one PostgreSQL database and schema: a session advisory lock held on a connection of
 * the leader's own. PostgreSQL drops the lock when that session ends, so when the leader dies another instance
 * takes the lead at its next {@link #lead()}. The session asks PostgreSQL to probe its peer every few seconds, so
 * a leader whose host vanished without closing the connection loses the lead in about 20 s, not TCP's two hours.
 */
final class PostgresLeadership implements Leadership {
    private static final Logger log = LoggerFactory.getLogger(PostgresLeadership.class);
    /** First key of the lock, apart from the instance locks; the second is the schema's, so schemas lead apart. */
    private static final int NAMESPACE = 0x44534732; // "DSG2"
    private static final String KEEPALIVES =
            "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3";
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(" + NAMESPACE + ", hashtext(current_schema()))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(" + NAMESPACE + ", hashtext(current_schema()))";

    private final Supplier<Connection> connections;
    private Connection holder;
    private boolean leading;

    PostgresLeadership(Supplier<Connection> connections) {
        this.connections = connections;
    }

    @Override
    public synchronized boolean lead() {
        boolean was = leading;
        leading = leading ? stillHeld() : take();
        if (was != leading) {
            log.info(leading ? "this instance leads: it runs the scheduled scans"
                    : "this instance no longer leads: another one runs the scheduled scans");
        }
        return leading;
    }

    @Override
    public synchronized boolean leading() {
        return leading;
    }

    /** Unlocks before closing: the server ends a closed session a moment later, and the lead should move now. */
    @Override
    public synchronized void close() {
        if (leading && holder != null) {
            try (Statement statement = holder.createStatement()) {
                statement.execute(UNLOCK);
            } catch (SQLException e) {
                log.debug("giving up the lead before closing failed: {}", e.getMessage());
            }
        }
        leading = false;
        drop();
    }

    /** The lock lives as long as its session: a session that still answers still holds it. */
    private boolean stillHeld() {
        try (Statement statement = holder.createStatement()) {
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            log.warn("lost the connection holding the lead: {}", e.getMessage());
            drop();
            return take();
        }
    }

    private boolean take() {
        try {
            if (holder == null) {
                holder = connections.get();
                try (Statement statement = holder.createStatement()) {
                    statement.execute(KEEPALIVES);
                }
            }
            try (Statement statement = holder.createStatement(); ResultSet rs = statement.executeQuery(TRY_LOCK)) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException | RuntimeException e) {
            // Unsure means not leading: a scan skipped is read by the next one, a scan doubled is only wasted.
            log.warn("cannot ask for the lead: {}", e.getMessage());
            drop();
            return false;
        }
    }

    private void drop() {
        if (holder != null) {
            try {
                holder.close();
            } catch (SQLException e) {
                log.debug("closing the lead's connection failed: {}", e.getMessage());
            }
            holder = null;
        }
    }
}
