package io.docspaceguard.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What /health and /metrics read from the database: whether it answers, and the totals of scans and incidents. */
public final class DatabaseStats {
    private static final Logger log = LoggerFactory.getLogger(DatabaseStats.class);

    private final Jdbi jdbi;

    public DatabaseStats(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Whether the database answers a trivial query now; why not goes to the log, since health only says down. */
    public boolean answers() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            log.warn("database check failed: {}", e.getMessage());
            return false;
        }
    }

    /** Every scan ever recorded, summed per status: each call reads the whole scan_run table. */
    public List<StatsDao.ScanTotals> scanTotals() {
        return jdbi.withExtension(StatsDao.class, StatsDao::scanTotals);
    }

    /** Incidents per rule and status: each call reads the whole incident table. */
    public List<StatsDao.IncidentCount> incidentCounts() {
        return jdbi.withExtension(StatsDao.class, StatsDao::incidentCounts);
    }
}
