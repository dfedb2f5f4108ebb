package io.docspaceguard.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Totals for /metrics, read from the tables so they survive restarts and agree with the API. */
public interface StatsDao {
    record ScanTotals(String status, long scans, long eventsRead, long eventsNew, long eventsRejected,
                      long incidentsOpened, long incidentsExtended) {
    }

    record IncidentCount(String rule, String status, long incidents) {
    }

    @SqlQuery("""
            SELECT status, COUNT(*) AS scans, COALESCE(SUM(events_read), 0) AS events_read,
                   COALESCE(SUM(events_new), 0) AS events_new, COALESCE(SUM(events_rejected), 0) AS events_rejected,
                   COALESCE(SUM(incidents_opened), 0) AS incidents_opened,
                   COALESCE(SUM(incidents_extended), 0) AS incidents_extended
            FROM scan_run
            GROUP BY status
            """)
    @RegisterConstructorMapper(ScanTotals.class)
    List<ScanTotals> scanTotals();

    @SqlQuery("""
            SELECT rule, status, COUNT(*) AS incidents
            FROM incident
            GROUP BY rule, status
            """)
    @RegisterConstructorMapper(IncidentCount.class)
    List<IncidentCount> incidentCounts();
}
