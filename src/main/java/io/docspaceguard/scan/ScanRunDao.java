package io.docspaceguard.scan;

import io.docspaceguard.store.SafeText;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ScanRun.class)
public interface ScanRunDao {
    /** Longest message kept; a failure message quoting a whole DocSpace answer is cut. */
    int MAX_MESSAGE = 2_000;

    /** The columns of {@link ScanRun}, in its order. */
    String COLUMNS = """
            id, started_at, finished_at, trigger_kind, kind, window_from, window_to, chunks_total, chunks_done,
            events_read, events_new, events_rejected, incidents_opened, incidents_extended, status, message,
            cancel_requested_by, done_until, resumes""";

    /** Records a run started by instance {@code instanceId} (its id and counts are ignored); returns the new id. */
    @SqlUpdate("""
            INSERT INTO scan_run (started_at, trigger_kind, kind, window_from, window_to, chunks_total, status,
                                  instance_id, resumes)
            VALUES (:startedAt, :triggerKind, :kind, :windowFrom, :windowTo, :chunksTotal, 'running', :instanceId,
                    :resumes)
            """)
    @GetGeneratedKeys("id")
    long start(@BindMethods ScanRun run, String instanceId);

    /** Records how far a running scan has come: {@code doneUntil} ends the chunks done without a gap. */
    @SqlUpdate("""
            UPDATE scan_run
            SET chunks_done = :chunksDone, done_until = :doneUntil, events_read = :eventsRead, events_new = :eventsNew,
                events_rejected = :eventsRejected, incidents_opened = :incidentsOpened,
                incidents_extended = :incidentsExtended
            WHERE id = :id AND status = 'running'
            """)
    void progress(long id, int chunksDone, Instant doneUntil, @BindMethods ScanRun.Counts counts);

    /** The backfill that resumes {@code id}, if one was started. */
    @SqlQuery("SELECT " + COLUMNS + " FROM scan_run WHERE resumes = :id ORDER BY id DESC LIMIT 1")
    Optional<ScanRun> resumedBy(long id);

    /**
     * Records the outcome of run {@code id}; returns false when there is no such run. The message is made
     * safe to store whatever it quotes, so recording a failure cannot fail on its own message.
     */
    default boolean finish(long id, Instant finishedAt, ScanRun.Counts counts, String status, String message) {
        return finishRun(id, finishedAt, counts, status, SafeText.of(message, MAX_MESSAGE));
    }

    @SqlUpdate("""
            UPDATE scan_run
            SET finished_at = :finishedAt, events_read = :eventsRead, events_new = :eventsNew,
                events_rejected = :eventsRejected, incidents_opened = :incidentsOpened,
                incidents_extended = :incidentsExtended, status = :status, message = :message
            WHERE id = :id
            """)
    boolean finishRun(long id, Instant finishedAt, @BindMethods ScanRun.Counts counts, String status, String message);

    /** Asks a running scan to stop after its current chunk; false when it is not running (any more). */
    @SqlUpdate("""
            UPDATE scan_run SET cancel_requested_by = :actor WHERE id = :id AND status = 'running'
            """)
    boolean requestCancel(long id, String actor);

    @SqlQuery("""
            SELECT cancel_requested_by FROM scan_run WHERE id = :id
            """)
    Optional<String> cancelRequestedBy(long id);

    /** The instances that have scans marked running, for closing those whose instance is gone. */
    @SqlQuery("""
            SELECT DISTINCT instance_id FROM scan_run WHERE status = 'running'
            """)
    List<String> runningInstances();

    /** Closes the running scans of a gone instance (NULL: scans recorded before instances were). */
    @SqlUpdate("""
            UPDATE scan_run SET status = 'interrupted', finished_at = :at, message = :message
            WHERE status = 'running'
              AND (instance_id = :instanceId OR (instance_id IS NULL AND CAST(:instanceId AS VARCHAR) IS NULL))
            """)
    int interrupt(String instanceId, Instant at, String message);

    @SqlQuery("SELECT " + COLUMNS + " FROM scan_run WHERE id = :id")
    Optional<ScanRun> get(long id);

    /**
     * Newest first; {@code beforeId} (exclusive) continues a previous page, null starts at the newest. Two
     * statements rather than one with an optional filter, so that each stays a walk down the primary key
     * however many scans a 10-second schedule has recorded (see {@link io.docspaceguard.store.Where}).
     */
    default List<ScanRun> recent(int limit, Long beforeId) {
        return beforeId == null ? newest(limit) : before(beforeId, limit);
    }

    @SqlQuery("SELECT " + COLUMNS + " FROM scan_run ORDER BY id DESC LIMIT :limit")
    List<ScanRun> newest(int limit);

    @SqlQuery("SELECT " + COLUMNS + " FROM scan_run WHERE id < :beforeId ORDER BY id DESC LIMIT :limit")
    List<ScanRun> before(long beforeId, int limit);
}
