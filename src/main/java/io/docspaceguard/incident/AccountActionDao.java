package io.docspaceguard.incident;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Account actions and the account columns of incidents they change. */
@RegisterConstructorMapper(AccountAction.class)
public interface AccountActionDao {

    /** Stores the intent; the unique pending key refuses a second action in flight for the same incident. */
    @SqlUpdate("""
            INSERT INTO account_action (incident_id, user_id, action, target_status, actor, comment, requested_at,
                                        state, pending_key, owner)
            VALUES (:incidentId, :userId, :action, :targetStatus, :actor, :comment, :requestedAt, 'pending',
                    :incidentId, :owner)
            """)
    @GetGeneratedKeys("id")
    long begin(@BindMethods AccountAction action);

    /** Hands a pending action from {@code previousOwner} (gone, or NULL) to {@code owner}; false if taken. */
    @SqlUpdate("""
            UPDATE account_action SET owner = :owner
            WHERE id = :id AND state = 'pending'
              AND (owner = :previousOwner OR (owner IS NULL AND CAST(:previousOwner AS VARCHAR) IS NULL))
            """)
    boolean takeOver(long id, String previousOwner, String owner);

    @SqlUpdate("""
            UPDATE account_action
            SET state = :state, outcome = :outcome, finished_at = :at, pending_key = NULL
            WHERE id = :id AND state = 'pending'
            """)
    boolean finish(long id, String state, String outcome, Instant at);

    @SqlQuery("""
            SELECT id, incident_id, user_id, action, target_status, actor, comment, requested_at, finished_at,
                   state, outcome, owner
            FROM account_action WHERE state = 'pending' ORDER BY id
            """)
    List<AccountAction> pending();

    @SqlQuery("""
            SELECT COUNT(*) > 0 FROM account_action WHERE incident_id = :incidentId AND state = 'pending'
            """)
    boolean hasPending(long incidentId);

    /** Automatic disables actually sent (or recorded in a dry run) since {@code since}, for the hourly cap. */
    @SqlQuery("""
            SELECT COUNT(*) FROM account_action
            WHERE action = 'auto_disable' AND state IN ('pending', 'done', 'dry_run') AND requested_at > :since
            """)
    int autoDisablesSince(Instant since);

    @SqlUpdate("""
            UPDATE incident
            SET disabled_by = :by, disabled_at = :at, confirmed_by = NULL, confirmed_at = NULL,
                account_status = :accountStatus, updated_at = :at
            WHERE id = :id
            """)
    void markDisabled(@Bind("id") long incidentId, String by, Instant at, Integer accountStatus);

    @SqlUpdate("""
            UPDATE incident SET account_status = :accountStatus, updated_at = :at WHERE id = :id
            """)
    void markAccountStatus(@Bind("id") long incidentId, Integer accountStatus, Instant at);

    @SqlUpdate("""
            UPDATE incident SET confirmed_by = :by, confirmed_at = :at, updated_at = :at
            WHERE id = :id AND status = 'disabled' AND confirmed_at IS NULL
            """)
    boolean markConfirmed(@Bind("id") long incidentId, String by, Instant at);

    /** Automatic disables older than {@code before} that no reviewer confirmed: due for automatic re-enable. */
    @SqlQuery("""
            SELECT id FROM incident
            WHERE status = 'disabled' AND disabled_by LIKE 'rule:%' AND confirmed_at IS NULL AND disabled_at <= :before
            ORDER BY id
            """)
    List<Long> expiredAutoDisables(Instant before);
}
