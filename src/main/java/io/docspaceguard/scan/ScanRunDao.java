package io.docspaceguard.scan;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ScanRun.class)
public interface ScanRunDao {

    /** Records a started run (its id and counts are ignored) and returns the new id. */
    @SqlUpdate("""
            INSERT INTO scan_run (started_at, trigger_kind, window_from, window_to, status)
            VALUES (:startedAt, :triggerKind, :windowFrom, :windowTo, 'running')
            """)
    @GetGeneratedKeys("id")
    long start(@BindMethods ScanRun run);

    /** Records the outcome of run {@code id}; returns false when there is no such run. */
    @SqlUpdate("""
            UPDATE scan_run
            SET finished_at = :finishedAt, events_read = :eventsRead, events_new = :eventsNew,
                events_rejected = :eventsRejected, incidents_opened = :incidentsOpened,
                incidents_extended = :incidentsExtended, status = :status, message = :message
            WHERE id = :id
            """)
    boolean finish(@Bind("id") long id, @Bind("finishedAt") Instant finishedAt, @BindMethods ScanRun.Counts counts,
                   @Bind("status") String status, @Bind("message") String message);

    /** Newest first; {@code beforeId} (exclusive) continues a previous page, null starts at the newest. */
    @SqlQuery("""
            SELECT id, started_at, finished_at, trigger_kind, window_from, window_to, events_read, events_new,
                   events_rejected, incidents_opened, incidents_extended, status, message
            FROM scan_run
            WHERE (CAST(:beforeId AS BIGINT) IS NULL OR id < :beforeId)
            ORDER BY id DESC
            LIMIT :limit
            """)
    List<ScanRun> recent(@Bind("limit") int limit, @Bind("beforeId") Long beforeId);
}
