package io.docspaceguard.store;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.RejectedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Stored DocSpace audit events, deduplicated by DocSpace event id, and the events that were rejected. */
@RegisterRowMapper(AuditEntryMapper.class)
public interface AuditEventDao {

    /** Keeps IN lists well below PostgreSQL's bind-parameter limit. */
    int ID_CHUNK = 1000;
    int MAX_REASON = 2_000;

    /**
     * Stores the entries not stored before and returns exactly those, in input order. Duplicates within
     * the batch count once; calling again with the same batch stores and returns nothing.
     */
    @Transaction
    default List<AuditEntry> insertNew(List<AuditEntry> entries) {
        Map<Long, AuditEntry> byId = new LinkedHashMap<>();
        entries.forEach(e -> byId.putIfAbsent(e.id(), e));
        List<AuditEntry> unique = new ArrayList<>(byId.values());
        // One batch: a round trip per row is what made storing a busy day slow. Its update counts (1 or 0) say
        // which rows are new; a driver that does not report them (PostgreSQL's reWriteBatchedInserts answers
        // "no info") has the rows stored one statement at a time instead, rolled back to before the batch.
        int[] counts = insertAllIfAbsent(unique.stream().map(StoredEvent::of).toList());
        List<AuditEntry> stored = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new UnreportedBatchCounts();
            }
            if (counts[i] == 1) {
                stored.add(unique.get(i));
            }
        }
        return stored;
    }

    /** Stores one row at a time, each statement's count saying whether it is new; see {@link #insertNew}. */
    @Transaction
    default List<AuditEntry> insertNewOneByOne(List<AuditEntry> entries) {
        List<AuditEntry> stored = new ArrayList<>();
        for (AuditEntry entry : entries) {
            if (insertIfAbsent(StoredEvent.of(entry)) == 1) {
                stored.add(entry);
            }
        }
        return stored;
    }

    /** The driver answered a batch without per-row counts. */
    final class UnreportedBatchCounts extends RuntimeException {
        UnreportedBatchCounts() {
            super("the JDBC driver does not report batch update counts", null, false, false);
        }
    }

    @SqlBatch("""
            INSERT INTO audit_event (id, occurred_at, user_id, user_name, action_id, action, entries, target, raw)
            VALUES (:id, :occurredAt, :userId, :userName, :actionId, :action, :entries, :target, :raw)
            ON CONFLICT DO NOTHING
            """)
    int[] insertAllIfAbsent(@BindMethods List<StoredEvent> events);

    @SqlUpdate("""
            INSERT INTO audit_event (id, occurred_at, user_id, user_name, action_id, action, entries, target, raw)
            VALUES (:id, :occurredAt, :userId, :userName, :actionId, :action, :entries, :target, :raw)
            ON CONFLICT DO NOTHING
            """)
    int insertIfAbsent(@BindMethods StoredEvent event);

    /** Events with {@code from <= occurred_at <= to}, oldest first (ties by id). */
    @SqlQuery("""
            SELECT * FROM audit_event
            WHERE occurred_at >= :from AND occurred_at <= :to
            ORDER BY occurred_at, id
            """)
    List<AuditEntry> between(@Bind("from") Instant from, @Bind("to") Instant to);

    /** As {@link #betweenWithoutRaw}, of one user: a walk down its (user_id, occurred_at) index. */
    @SqlQuery("""
            SELECT id, occurred_at, user_id, user_name, action_id, action, entries, target, NULL AS raw
            FROM audit_event
            WHERE user_id = :userId AND occurred_at >= :from AND occurred_at <= :to
            ORDER BY occurred_at, id
            """)
    List<AuditEntry> ofUserBetween(String userId, Instant from, Instant to);

    /**
     * The events of {@code users} with {@code from <= occurred_at <= to}, oldest first (ties by id), without their
     * raw JSON ({@link AuditEntry#raw()} is null): what the rules see of them. One range read filtered here: an
     * {@code IN} list of thousands of users made the database read the same range once per list chunk.
     */
    default List<AuditEntry> betweenFor(Instant from, Instant to, Collection<String> users) {
        Set<String> wanted = new HashSet<>(users);
        List<AuditEntry> found = new ArrayList<>();
        for (AuditEntry e : betweenWithoutRaw(from, to)) {
            if (wanted.contains(e.userId())) {
                found.add(e);
            }
        }
        return found;
    }

    /** Without the raw JSON: the rules never read it. */
    @SqlQuery("""
            SELECT id, occurred_at, user_id, user_name, action_id, action, entries, target, NULL AS raw
            FROM audit_event
            WHERE occurred_at >= :from AND occurred_at <= :to
            ORDER BY occurred_at, id
            """)
    List<AuditEntry> betweenWithoutRaw(@Bind("from") Instant from, @Bind("to") Instant to);

    /** The stored events linked to an incident, oldest first (ties by id). */
    @SqlQuery("""
            SELECT e.* FROM audit_event e
            JOIN incident_event ie ON ie.event_id = e.id
            WHERE ie.incident_id = :incidentId
            ORDER BY e.occurred_at, e.id
            """)
    List<AuditEntry> ofIncident(long incidentId);

    /** The stored events of one user with {@code from <= occurred_at <= to}, oldest first, at most {@code limit}. */
    @SqlQuery("""
            SELECT * FROM audit_event
            WHERE user_id = :userId AND occurred_at >= :from AND occurred_at <= :to
            ORDER BY occurred_at, id
            LIMIT :limit
            """)
    List<AuditEntry> firstOfUser(String userId, Instant from, Instant to, int limit);

    /** The {@code limit} most recent events, newest first. */
    @SqlQuery("""
            SELECT * FROM audit_event ORDER BY occurred_at DESC, id DESC LIMIT :limit
            """)
    List<AuditEntry> latest(int limit);

    /** The stored events among {@code ids}, oldest first (ties by id); unknown ids are left out. */
    default List<AuditEntry> byIds(Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        List<AuditEntry> found = new ArrayList<>();
        for (int i = 0; i < all.size(); i += ID_CHUNK) {
            found.addAll(byIdChunk(all.subList(i, Math.min(all.size(), i + ID_CHUNK))));
        }
        found.sort(Comparator.comparing(AuditEntry::at).thenComparingLong(AuditEntry::id));
        return found;
    }

    @SqlQuery("""
            SELECT * FROM audit_event WHERE id IN (<ids>)
            """)
    List<AuditEntry> byIdChunk(@BindList(value = "ids", onEmpty = BindList.EmptyHandling.NULL_STRING) List<Long> ids);

    /** Keeps items that could not be used, made safe to store whatever they hold. */
    default void saveRejected(Collection<RejectedEvent> rejected) {
        insertRejected(rejected.stream()
                .map(r -> new RejectedEvent(SafeText.of(r.reason(), MAX_REASON), SafeText.of(r.raw(), Integer.MAX_VALUE)))
                .toList());
    }

    @SqlBatch("""
            INSERT INTO rejected_event (reason, raw) VALUES (:reason, :raw)
            """)
    void insertRejected(@BindMethods Collection<RejectedEvent> rejected);

    @SqlQuery("""
            SELECT count(*) FROM audit_event
            """)
    long count();

    @SqlQuery("""
            SELECT count(*) FROM rejected_event
            """)
    long countRejected();

    /** The column values of one event; lists are encoded as {@link AuditEntryMapper} reads them. */
    record StoredEvent(long id, Instant occurredAt, String userId, String userName, int actionId, String action,
                       String entries, String target, String raw) {
        static StoredEvent of(AuditEntry e) {
            return new StoredEvent(e.id(), e.at(), e.userId(), e.userName(), e.actionId(), e.action(),
                    AuditEntryMapper.entriesText(e.entries()), AuditEntryMapper.targetJson(e.target()),
                    SafeText.of(e.raw(), Integer.MAX_VALUE));
        }
    }
}
