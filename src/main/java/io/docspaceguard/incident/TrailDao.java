package io.docspaceguard.incident;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The append-only audit trail: entries are added and read, never changed. */
@RegisterConstructorMapper(TrailEntry.class)
public interface TrailDao {

    /** Appends the entry (its id is ignored) and returns the new id. */
    @SqlUpdate("""
            INSERT INTO audit_trail (at, actor, action, incident_id, user_id, comment, outcome, rules_version)
            VALUES (:at, :actor, :action, :incidentId, :userId, :comment, :outcome, :rulesVersion)
            """)
    @GetGeneratedKeys("id")
    long append(@BindMethods TrailEntry entry);

    /**
     * Newest first. Each filter is a fixed predicate that is true when its parameter is null; the CASTs
     * give the parameter a type where the database cannot infer one from {@code IS NULL}.
     */
    @SqlQuery("""
            SELECT id, at, actor, action, incident_id, user_id, comment, outcome, rules_version
            FROM audit_trail
            WHERE (CAST(:incidentId AS BIGINT) IS NULL OR incident_id = :incidentId)
              AND (CAST(:actor AS VARCHAR) IS NULL OR actor = :actor)
              AND (CAST(:userId AS VARCHAR) IS NULL OR user_id = :userId)
              AND (CAST(:action AS VARCHAR) IS NULL OR action = :action)
              AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR at >= :since)
              AND (CAST(:until AS TIMESTAMP WITH TIME ZONE) IS NULL OR at < :until)
              AND (CAST(:cursor AS BIGINT) IS NULL OR id < :cursor)
            ORDER BY id DESC
            LIMIT :limit
            """)
    List<TrailEntry> find(@BindMethods TrailFilter filter);

    /** The history of one incident, oldest first. */
    @SqlQuery("""
            SELECT id, at, actor, action, incident_id, user_id, comment, outcome, rules_version
            FROM audit_trail
            WHERE incident_id = :incidentId
            ORDER BY id
            """)
    List<TrailEntry> forIncident(@Bind("incidentId") long incidentId);
}
