package io.docspaceguard.incident;

import io.docspaceguard.store.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterArgumentFactory;
import org.jdbi.v3.sqlobject.config.RegisterColumnMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Incidents and the files and events linked to them. */
@RegisterConstructorMapper(Incident.class)
@RegisterColumnMapper(IncidentDao.StatusMapper.class)
@RegisterColumnMapper(IncidentDao.DismissalReasonMapper.class)
@RegisterArgumentFactory(IncidentDao.StatusArgument.class)
@RegisterArgumentFactory(IncidentDao.DismissalReasonArgument.class)
public interface IncidentDao {

    /** Keeps IN lists well below PostgreSQL's bind-parameter limit. */
    int ID_CHUNK = 1000;

    /** Stores the incident (its id is ignored) and returns the new id. */
    @SqlUpdate("""
            INSERT INTO incident (user_id, user_name, rule, severity, status, file_count, first_event_at,
                                  last_event_at, created_at, updated_at, rules_version, auto_disable, threshold,
                                  window_millis, reason, suppressed_by, container_files, open_key)
            VALUES (:userId, :userName, :rule, :severity, :status, :fileCount, :firstEventAt,
                    :lastEventAt, :createdAt, :updatedAt, :rulesVersion, :autoDisable, :threshold, :windowMillis,
                    :reason, :suppressedBy, :containerFiles, CASE WHEN :status = 'open' THEN :userId || '/' || :rule END)
            """)
    @GetGeneratedKeys("id")
    long insert(@BindMethods Incident incident);

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
     * Moves the incident from {@code from} to {@code to}, keeping open_key in step; false when it is not
     * in {@code from} (any more). Checking the transition is the caller's job, see {@link IncidentStatus}.
     */
    @SqlUpdate("""
            UPDATE incident
            SET status = :to, updated_at = :at,
                open_key = CASE WHEN :to = 'open' THEN user_id || '/' || rule END,
                closed_at = COALESCE(closed_at, CASE WHEN :to <> 'open' THEN :at END)
            WHERE id = :id AND status = :from
            """)
    boolean updateStatus(@Bind("id") long id, @Bind("from") IncidentStatus from, @Bind("to") IncidentStatus to,
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

    /** One page, newest first; ask for one more than the page size to learn whether another page exists. */
    @SqlQuery("""
            SELECT id, user_id, user_name, rule, severity, status, file_count, first_event_at, last_event_at,
                   created_at, updated_at, rules_version, auto_disable, disabled_by, disabled_at, confirmed_by,
                   confirmed_at, account_status, threshold, window_millis, reason, suppressed_by, alerted_at, container_files,
                   dismissal_reason, assignee
            FROM incident
            <where>
            ORDER BY id DESC
            LIMIT :fetch
            """)
    @AllowUnusedBindings
    List<Incident> list(@Define("where") String where, @BindMethods IncidentFilter filter, @Bind("fetch") int fetch);

    /** Up to {@code fetch} incidents matching {@code filter}, newest first, each filter on its own index. */
    default List<Incident> list(IncidentFilter filter, int fetch) {
        return list(where(filter).toString(), filter, fetch);
    }

    /**
     * The filter's terms. The name is matched anywhere in lower(user_name), which no index serves on both
     * databases (H2 has no expression or trigram indexes); the query walks the id order (or a filter's index)
     * and stops at the page, so it reads the whole table only when few incidents match.
     */
    private static Where where(IncidentFilter filter) {
        return new Where()
                .when(filter.status(), "status = :status")
                .when(filter.userId(), "user_id = :userId")
                .when(filter.rule(), "rule = :rule")
                .when(filter.severity(), "severity = :severity")
                .when(filter.dismissalReason(), "dismissal_reason = :dismissalReason")
                .when(filter.assignee(), "assignee = :assignee")
                .when(filter.userName(), "lower(user_name) LIKE :userNamePattern ESCAPE '!'")
                .when(filter.since(), "created_at >= :since")
                .when(filter.until(), "created_at < :until")
                .when(filter.cursor(), "id < :cursor");
    }

    /** Incidents per status under the filter (its status and cursor ignored): one grouped pass for every tab. */
    default Map<IncidentStatus, Integer> countByStatus(IncidentFilter filter) {
        IncidentFilter any = filter.anyStatus();
        Map<IncidentStatus, Integer> counts = new EnumMap<>(IncidentStatus.class);
        for (IncidentStatus status : IncidentStatus.values()) {
            counts.put(status, 0);
        }
        countByStatus(where(any).toString(), any).forEach(c -> counts.put(c.status(), c.n()));
        return counts;
    }

    /** How many incidents of one status. */
    record StatusCount(IncidentStatus status, int n) {
    }

    @SqlQuery("SELECT status, count(*) AS n FROM incident <where> GROUP BY status")
    @RegisterConstructorMapper(StatusCount.class)
    @AllowUnusedBindings
    List<StatusCount> countByStatus(@Define("where") String where, @BindMethods IncidentFilter filter);

    /** How many incidents of one rule have one status and (for dismissed ones) one dismissal reason. */
    record RuleCount(String rule, IncidentStatus status, DismissalReason dismissalReason, int n) {
    }

    @SqlQuery("""
            SELECT rule, status, dismissal_reason, count(*) AS n FROM incident
            GROUP BY rule, status, dismissal_reason
            ORDER BY rule
            """)
    @RegisterConstructorMapper(RuleCount.class)
    List<RuleCount> countByRule();

    @SqlUpdate("UPDATE incident SET dismissal_reason = :reason WHERE id = :id")
    void setDismissalReason(long id, DismissalReason reason);

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
    final class StatusMapper implements ColumnMapper<IncidentStatus> {
        @Override
        public IncidentStatus map(ResultSet rs, int column, StatementContext ctx) throws SQLException {
            String name = rs.getString(column);
            return name == null ? null : IncidentStatus.fromWire(name);
        }
    }

    /** Binds a status by its wire name, not Jdbi's default enum name. */
    final class StatusArgument extends AbstractArgumentFactory<IncidentStatus> {
        public StatusArgument() {
            super(Types.VARCHAR);
        }

        @Override
        protected Argument build(IncidentStatus value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.wireName());
        }
    }

    /** Reads a dismissal reason by its wire name. */
    final class DismissalReasonMapper implements ColumnMapper<DismissalReason> {
        @Override
        public DismissalReason map(ResultSet rs, int column, StatementContext ctx) throws SQLException {
            String name = rs.getString(column);
            return name == null ? null : DismissalReason.fromWire(name);
        }
    }

    /** Binds a dismissal reason by its wire name. */
    final class DismissalReasonArgument extends AbstractArgumentFactory<DismissalReason> {
        public DismissalReasonArgument() {
            super(Types.VARCHAR);
        }

        @Override
        protected Argument build(DismissalReason value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.wireName());
        }
    }
}
