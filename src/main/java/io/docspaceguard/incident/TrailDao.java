package io.docspaceguard.incident;

import io.docspaceguard.store.Where;
import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The append-only audit trail: entries are added and read, never changed. */
@RegisterConstructorMapper(TrailEntry.class)
public interface TrailDao extends SqlObject {

    /**
     * Appends the entry (its id is ignored) and returns the new id; once the transaction commits, the stored
     * entry goes to the {@link TrailExports} configured on Jdbi.
     */
    default long append(TrailEntry entry) {
        long id = insert(entry);
        getHandle().getConfig(TrailExports.class).afterCommit(getHandle(), entry.withId(id));
        return id;
    }

    @SqlUpdate("""
            INSERT INTO audit_trail (at, actor, action, incident_id, user_id, comment, outcome, rules_version)
            VALUES (:at, :actor, :action, :incidentId, :userId, :comment, :outcome, :rulesVersion)
            """)
    @GetGeneratedKeys("id")
    long insert(@BindMethods TrailEntry entry);

    /** Newest first, with only the filters given (see {@link Where}). */
    @SqlQuery("""
            SELECT id, at, actor, action, incident_id, user_id, comment, outcome, rules_version
            FROM audit_trail
            <where>
            ORDER BY id DESC
            LIMIT :limit
            """)
    @AllowUnusedBindings
    List<TrailEntry> find(@Define("where") String where, @BindMethods TrailFilter filter);

    default List<TrailEntry> find(TrailFilter filter) {
        return find(new Where()
                .when(filter.incidentId(), "incident_id = :incidentId")
                .when(filter.actor(), "actor = :actor")
                .when(filter.userId(), "user_id = :userId")
                .when(filter.action(), "action = :action")
                .when(filter.since(), "at >= :since")
                .when(filter.until(), "at < :until")
                .when(filter.cursor(), "id < :cursor")
                .toString(), filter);
    }

    /** The history of one incident, oldest first. */
    @SqlQuery("""
            SELECT id, at, actor, action, incident_id, user_id, comment, outcome, rules_version
            FROM audit_trail
            WHERE incident_id = :incidentId
            ORDER BY id
            """)
    List<TrailEntry> forIncident(@Bind("incidentId") long incidentId);
}
