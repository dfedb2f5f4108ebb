package io.docspaceguard.store;

import io.docspaceguard.docspace.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Activity DocSpace pushed through its webhook, one row per delivery. Rows are read back as the audit events the
 * rules evaluate, with the delivery id negated: {@code id} below is always negative, an audit id never is.
 */
@RegisterRowMapper(AuditEntryMapper.class)
public interface PushedEventDao {

    /** Stores a delivery unless one with its id is stored already; 1 when it is new, 0 for a replay. */
    default int insertIfAbsent(String trigger, AuditEntry pushed, Instant receivedAt) {
        if (pushed.id() >= 0) {
            throw new IllegalArgumentException("a pushed event's id is its delivery id negated: " + pushed.id());
        }
        return insert(new Row(-pushed.id(), trigger, pushed.at(), pushed.userId(), pushed.actionId(), pushed.action(),
                AuditEntryMapper.entriesText(pushed.entries()), AuditEntryMapper.targetJson(pushed.target()),
                SafeText.of(pushed.raw(), Integer.MAX_VALUE), receivedAt));
    }

    @SqlUpdate("""
            INSERT INTO pushed_event (delivery_id, trigger_name, occurred_at, user_id, action_id, action, entries,
                                      target, raw, received_at)
            VALUES (:deliveryId, :trigger, :occurredAt, :userId, :actionId, :action, :entries, :target, :raw,
                    :receivedAt)
            ON CONFLICT DO NOTHING
            """)
    int insert(@BindMethods Row row);

    /** Whether the rules have run over the delivery; a stored one they have not ran over is evaluated again. */
    @SqlQuery("""
            SELECT count(*) > 0 FROM pushed_event WHERE delivery_id = :deliveryId AND evaluated_at IS NOT NULL
            """)
    boolean evaluated(long deliveryId);

    @SqlUpdate("""
            UPDATE pushed_event SET evaluated_at = :at WHERE delivery_id = :deliveryId AND evaluated_at IS NULL
            """)
    void markEvaluated(long deliveryId, Instant at);

    String COLUMNS = """
            SELECT -delivery_id AS id, occurred_at, user_id, CAST(NULL AS VARCHAR) AS user_name, action_id, action,
                   entries, target, raw
            FROM pushed_event
            """;

    /** Pushed events with {@code from <= occurred_at <= to}, oldest first. */
    @SqlQuery(COLUMNS + """
            WHERE occurred_at >= :from AND occurred_at <= :to
            ORDER BY occurred_at, delivery_id
            """)
    List<AuditEntry> between(Instant from, Instant to);

    /** Forgets deliveries received before {@code cutoff}; returns how many. */
    @SqlUpdate("""
            DELETE FROM pushed_event WHERE received_at < :cutoff
            """)
    int pruneReceivedBefore(Instant cutoff);

    @SqlQuery("""
            SELECT count(*) FROM pushed_event
            """)
    long count();

    /** The column values of one delivery. */
    record Row(long deliveryId, String trigger, Instant occurredAt, String userId, int actionId, String action,
               String entries, String target, String raw, Instant receivedAt) {
    }
}
