package io.docspaceguard.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The recovery journal: runs and their steps. */
@RegisterConstructorMapper(RecoveryRun.class)
@RegisterConstructorMapper(RecoveryStep.class)
public interface RecoveryDao {
    String RUN_COLUMNS = """
            r.id, r.incident_id, r.status, r.requested_by, r.comment, r.dry_run, r.owner, r.created_at, r.finished_at,
            r.cancel_requested_by,
            (SELECT COUNT(*) FROM recovery_step s WHERE s.run_id = r.id AND s.state = 'done') AS done,
            (SELECT COUNT(*) FROM recovery_step s WHERE s.run_id = r.id AND s.state = 'failed') AS failed,
            (SELECT COUNT(*) FROM recovery_step s WHERE s.run_id = r.id AND s.state = 'skipped') AS skipped,
            (SELECT COUNT(*) FROM recovery_step s WHERE s.run_id = r.id AND s.state IN ('pending', 'writing'))
                AS remaining
            """;

    @SqlUpdate("""
            INSERT INTO recovery_run (incident_id, status, requested_by, comment, dry_run, owner, created_at)
            VALUES (:incidentId, 'running', :requestedBy, :comment, :dryRun, :owner, :at)
            """)
    @GetGeneratedKeys("id")
    long insertRun(@Bind("incidentId") long incidentId, @Bind("requestedBy") String requestedBy,
                   @Bind("comment") String comment, @Bind("dryRun") boolean dryRun, @Bind("owner") String owner,
                   @Bind("at") Instant at);

    /** Makes {@code to} the run's owner if {@code from} still is; false when another instance took it first. */
    @SqlUpdate("UPDATE recovery_run SET owner = :to WHERE id = :id AND owner = :from AND status = 'running'")
    boolean takeOver(@Bind("id") long id, @Bind("from") String from, @Bind("to") String to);

    @SqlBatch("""
            INSERT INTO recovery_step (run_id, file_id, title, restore_version, rename_to, base_version, state,
                                       outcome, updated_at)
            VALUES (:runId, :fileId, :title, :restoreVersion, :renameTo, :baseVersion, :state, :outcome, :updatedAt)
            """)
    void insertSteps(@BindMethods List<RecoveryStep> steps);

    @SqlQuery("SELECT " + RUN_COLUMNS + " FROM recovery_run r WHERE r.id = :id")
    Optional<RecoveryRun> run(@Bind("id") long id);

    @SqlQuery("SELECT " + RUN_COLUMNS + " FROM recovery_run r WHERE r.incident_id = :incidentId ORDER BY r.id DESC "
            + "LIMIT 1")
    Optional<RecoveryRun> latest(@Bind("incidentId") long incidentId);

    @SqlQuery("SELECT " + RUN_COLUMNS + " FROM recovery_run r WHERE r.status = 'running' ORDER BY r.id")
    List<RecoveryRun> running();

    @SqlQuery("""
            SELECT run_id, file_id, title, restore_version, rename_to, base_version, state, outcome, updated_at
            FROM recovery_step WHERE run_id = :runId ORDER BY file_id
            """)
    List<RecoveryStep> steps(@Bind("runId") long runId);

    /** The next pending files of a run, in file order. */
    @SqlQuery("""
            SELECT run_id, file_id, title, restore_version, rename_to, base_version, state, outcome, updated_at
            FROM recovery_step WHERE run_id = :runId AND state = 'pending' ORDER BY file_id LIMIT :limit
            """)
    List<RecoveryStep> pending(@Bind("runId") long runId, @Bind("limit") int limit);

    /** Moves a step on only from the state it was read in: a second writer finds nothing to move. */
    @SqlUpdate("""
            UPDATE recovery_step SET state = :to, outcome = :outcome, updated_at = :at
            WHERE run_id = :runId AND file_id = :fileId AND state = :from
            """)
    boolean moveStep(@Bind("runId") long runId, @Bind("fileId") String fileId, @Bind("from") String from,
                     @Bind("to") String to, @Bind("outcome") String outcome, @Bind("at") Instant at);

    /** DocSpace writes recovery made since {@code since}, over all runs: the daily budget. */
    @SqlQuery("""
            SELECT COUNT(*) FROM recovery_step s JOIN recovery_run r ON r.id = s.run_id
            WHERE s.state = 'done' AND NOT r.dry_run AND s.updated_at >= :since
            """)
    int writesSince(@Bind("since") Instant since);

    @SqlUpdate("UPDATE recovery_run SET cancel_requested_by = :by WHERE id = :id AND status = 'running'")
    boolean requestCancel(@Bind("id") long id, @Bind("by") String by);

    @SqlUpdate("UPDATE recovery_run SET status = :status, finished_at = :at WHERE id = :id AND status = 'running'")
    boolean finish(@Bind("id") long id, @Bind("status") String status, @Bind("at") Instant at);
}
