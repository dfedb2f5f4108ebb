package io.docspaceguard.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.config.RegisterArgumentFactory;
import org.jdbi.v3.sqlobject.config.RegisterColumnMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Incidents and the files and events linked to them. */
@RegisterRowMapper(IncidentRowMapper.class)
@RegisterColumnMapper(IncidentDao.StatusMapper.class)
@RegisterColumnMapper(IncidentDao.DismissalReasonMapper.class)
@RegisterArgumentFactory(IncidentDao.StatusArgument.class)
@RegisterArgumentFactory(IncidentDao.DismissalReasonArgument.class)
public interface IncidentDao {

    /** Keeps IN lists well below PostgreSQL's bind-parameter limit. */
    int ID_CHUNK = 1000;

    /** Stores the incident (its id is ignored), counts it, and returns the new id. */
    @Transaction
    default long insert(Incident incident) {
        long id = insertRow(incident);
        counts().add(IncidentCountDao.Counted.of(incident));
        return id;
    }

    /** The counts kept beside the incidents, changed on this DAO's handle and so in its transaction. */
    @CreateSqlObject
    IncidentCountDao counts();

    /** The bare statement: {@link #insert} stores and counts. */
    @SqlUpdate("""
            INSERT INTO incident (user_id, user_name, rule, severity, status, file_count, first_event_at,
                                  last_event_at, created_at, updated_at, rules_version, auto_disable, threshold,
                                  window_millis, reason, suppressed_by, container_files, open_key)
            VALUES (:userId, :userName, :rule, :severity, :status, :fileCount, :firstEventAt,
                    :lastEventAt, :createdAt, :updatedAt, :rulesVersion, :autoDisable, :threshold, :windowMillis,
                    :reason, :suppressedBy, :containerFiles, CASE WHEN :status = 'open' THEN :userId || '/' || :rule END)
            """)
    @GetGeneratedKeys("id")
    long insertRow(@BindMethods Incident incident);

    @SqlQuery("""
            SELECT id, user_id, user_name, rule, severity, status, file_count, first_event_at, last_event_at,
                   created_at, updated_at, rules_version, auto_disable, disabled_by, disabled_at, confirmed_by,
                   confirmed_at, account_status, threshold, window_millis, reason, suppressed_by, alerted_at, container_files,
                   dismissal_reason, assignee
            FROM incident WHERE id = :id
            """)
    Optional<Incident> get(@Bind("id") long id);

    /**
     * The incident, locked until the transaction ends: whoever changes an incident's status locks it first,
     * so two decisions on one incident happen one after the other, on one instance or several.
     */
    @SqlQuery("""
            SELECT id, user_id, user_name, rule, severity, status, file_count, first_event_at, last_event_at,
                   created_at, updated_at, rules_version, auto_disable, disabled_by, disabled_at, confirmed_by,
                   confirmed_at, account_status, threshold, window_millis, reason, suppressed_by, alerted_at, container_files,
                   dismissal_reason, assignee
            FROM incident WHERE id = :id
            FOR UPDATE
            """)
    Optional<Incident> lock(long id);

    /** The open incident of this user and rule, locked until the transaction ends. */
    @SqlQuery("""
            SELECT id, user_id, user_name, rule, severity, status, file_count, first_event_at, last_event_at,
                   created_at, updated_at, rules_version, auto_disable, disabled_by, disabled_at, confirmed_by,
                   confirmed_at, account_status, threshold, window_millis, reason, suppressed_by, alerted_at, container_files,
                   dismissal_reason, assignee
            FROM incident WHERE user_id = :userId AND rule = :rule AND status = 'open'
            FOR UPDATE
            """)
    Optional<Incident> findOpenForUpdate(@Bind("userId") String userId, @Bind("rule") String rule);

    /**
     * Moves the incident from {@code from} to {@code to}, keeping open_key and the counts in step; false when it is
     * not in {@code from} (any more). Checking the transition is the caller's job, see {@link IncidentStatus}.
     */
    @Transaction
    default boolean updateStatus(long id, IncidentStatus from, IncidentStatus to, Instant at) {
        if (!moveStatus(id, from, to, at)) {
            return false;
        }
        IncidentCountDao.Counted moved = counted(id);
        counts().move(moved.as(from, moved.dismissalReason()), moved);
        return true;
    }

    /** Dismisses the open incident with why, as {@link #updateStatus} does; false when it is not open (any more). */
    @Transaction
    default boolean dismiss(long id, DismissalReason reason, Instant at) {
        if (!moveStatus(id, IncidentStatus.OPEN, IncidentStatus.DISMISSED, at)) {
            return false;
        }
        IncidentCountDao.Counted open = counted(id);
        IncidentCountDao.Counted before = open.as(IncidentStatus.OPEN, open.dismissalReason());
        writeDismissalReason(id, reason);
        counts().move(before, before.as(IncidentStatus.DISMISSED, reason));
        return true;
    }

    /** What the incident is counted under. */
    @SqlQuery("""
            SELECT user_id, user_name, rule, severity, status, dismissal_reason FROM incident WHERE id = :id
            """)
    @RegisterConstructorMapper(IncidentCountDao.Counted.class)
    IncidentCountDao.Counted counted(long id);

    /** The bare statement: {@link #updateStatus} and {@link #dismiss} move the status and its counts. */
    @SqlUpdate("""
            UPDATE incident
            SET status = :to, updated_at = :at,
                open_key = CASE WHEN :to = 'open' THEN user_id || '/' || rule END,
                closed_at = COALESCE(closed_at, CASE WHEN :to <> 'open' THEN :at END)
            WHERE id = :id AND status = :from
            """)
    boolean moveStatus(@Bind("id") long id, @Bind("from") IncidentStatus from, @Bind("to") IncidentStatus to,
                       @Bind("at") Instant at);

    /**
     * The closed incident of this user and rule whose time covers {@code at}: from its first event until
     * it was closed. Activity at that time is late evidence of it. Locked until the transaction ends.
     */
    @SqlQuery("""
            SELECT id FROM incident
            WHERE user_id = :userId AND rule = :rule AND status <> 'open'
              AND first_event_at <= :at AND closed_at >= :at
            ORDER BY closed_at DESC, id DESC
            LIMIT 1
            FOR UPDATE
            """)
    Optional<Long> closedCovering(@Bind("userId") String userId, @Bind("rule") String rule, @Bind("at") Instant at);

    /** The incident's new extent, the reason that describes it, and whether declared bulk work still covers it. */
    @SqlUpdate("""
            UPDATE incident
            SET file_count = :fileCount, first_event_at = :firstEventAt, last_event_at = :lastEventAt,
                updated_at = :updatedAt, reason = COALESCE(:reason, reason), suppressed_by = :suppressedBy,
                container_files = COALESCE(:containerFiles, container_files)
            WHERE id = :id
            """)
    void updateExtent(@Bind("id") long id, @Bind("fileCount") int fileCount,
                      @Bind("firstEventAt") Instant firstEventAt, @Bind("lastEventAt") Instant lastEventAt,
                      @Bind("updatedAt") Instant updatedAt, @Bind("reason") String reason,
                      @Bind("suppressedBy") Long suppressedBy, @Bind("containerFiles") Integer containerFiles);

    @SqlUpdate("UPDATE incident SET alerted_at = :at WHERE id = :id")
    void markAlerted(@Bind("id") long id, @Bind("at") Instant at);

    /** The bare statement: {@link #dismiss} sets the reason and counts it. */
    @SqlUpdate("UPDATE incident SET dismissal_reason = :reason WHERE id = :id")
    void writeDismissalReason(long id, DismissalReason reason);

    @SqlUpdate("UPDATE incident SET assignee = :assignee, updated_at = :at WHERE id = :id")
    void setAssignee(long id, String assignee, Instant at);

    @SqlQuery("""
            SELECT file_id FROM incident_file WHERE incident_id = :id ORDER BY file_id
            """)
    List<String> fileIds(@Bind("id") long incidentId);

    @SqlQuery("""
            SELECT event_id FROM incident_event WHERE incident_id = :id ORDER BY event_id
            """)
    List<Long> eventIds(@Bind("id") long incidentId);

    @SqlBatch("""
            INSERT INTO incident_file (incident_id, file_id) VALUES (:incidentId, :fileId)
            """)
    void addFiles(@Bind("incidentId") long incidentId, @Bind("fileId") Collection<String> fileIds);

    @SqlBatch("""
            INSERT INTO incident_event (incident_id, event_id) VALUES (:incidentId, :eventId)
            """)
    void addEvents(@Bind("incidentId") long incidentId, @Bind("eventId") Collection<Long> eventIds);

    /** How many of {@code eventIds} (distinct) are linked to a closed incident of this user and rule. */
    default int countHandledEvents(String userId, String rule, Collection<Long> eventIds) {
        List<Long> ids = eventIds.stream().distinct().toList();
        int handled = 0;
        for (int i = 0; i < ids.size(); i += ID_CHUNK) {
            handled += countHandledChunk(userId, rule, ids.subList(i, Math.min(ids.size(), i + ID_CHUNK)));
        }
        return handled;
    }

    @SqlQuery("""
            SELECT count(DISTINCT ie.event_id)
            FROM incident_event ie JOIN incident i ON i.id = ie.incident_id
            WHERE i.user_id = :userId AND i.rule = :rule AND i.status <> 'open'
              AND ie.event_id IN (<ids>)
            """)
    int countHandledChunk(@Bind("userId") String userId, @Bind("rule") String rule,
                          @BindList(value = "ids", onEmpty = BindList.EmptyHandling.NULL_STRING) List<Long> ids);

    /** Reads the status column by its wire name. */
    final class StatusMapper extends WireNameColumns.Mapper<IncidentStatus> {
        public StatusMapper() {
            super(IncidentStatus::fromWire);
        }
    }

    /** Binds a status by its wire name, not Jdbi's default enum name. */
    final class StatusArgument extends WireNameColumns.Binder<IncidentStatus> {
        public StatusArgument() {
            super(IncidentStatus::wireName);
        }
    }

    /** Reads a dismissal reason by its wire name. */
    final class DismissalReasonMapper extends WireNameColumns.Mapper<DismissalReason> {
        public DismissalReasonMapper() {
            super(DismissalReason::fromWire);
        }
    }

    /** Binds a dismissal reason by its wire name. */
    final class DismissalReasonArgument extends WireNameColumns.Binder<DismissalReason> {
        public DismissalReasonArgument() {
            super(DismissalReason::wireName);
        }
    }
}
