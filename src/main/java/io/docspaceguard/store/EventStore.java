package io.docspaceguard.store;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.RejectedEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what a scan read: new events once each, and what could not be used in {@code rejected_event}. An
 * event the database refuses does not take its neighbours with it: the batch is then stored one event at a
 * time and the refused one is kept, safely encoded, with the database's reason.
 */
public final class EventStore {
    private static final Logger log = LoggerFactory.getLogger(EventStore.class);

    /** The events stored for the first time, and those the database refused. */
    public record Stored(List<AuditEntry> fresh, List<RejectedEvent> refused) {
    }

    private final Jdbi jdbi;

    public EventStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Stored store(List<AuditEntry> entries) {
        AuditEventDao events = jdbi.onDemand(AuditEventDao.class);
        try {
            try {
                return new Stored(events.insertNew(entries), List.of());
            } catch (AuditEventDao.UnreportedBatchCounts e) {
                return new Stored(events.insertNewOneByOne(entries), List.of());
            }
        } catch (JdbiException e) {
            log.warn("storing {} event(s) at once failed, storing them one by one: {}", entries.size(),
                    Database.rootMessage(e));
            return oneByOne(entries);
        }
    }

    public void reject(List<RejectedEvent> rejected) {
        if (!rejected.isEmpty()) {
            jdbi.useExtension(AuditEventDao.class, dao -> dao.saveRejected(rejected));
        }
    }

    private Stored oneByOne(List<AuditEntry> entries) {
        AuditEventDao events = jdbi.onDemand(AuditEventDao.class);
        List<AuditEntry> fresh = new ArrayList<>();
        List<RejectedEvent> refused = new ArrayList<>();
        for (AuditEntry entry : entries) {
            try {
                if (events.insertIfAbsent(AuditEventDao.StoredEvent.of(entry)) == 1) {
                    fresh.add(entry);
                }
            } catch (JdbiException e) {
                if (!refusesTheRow(e)) {
                    throw e; // the database is unwell, not the event: the scan fails and reads the window again
                }
                refused.add(new RejectedEvent("the database refused event " + entry.id() + ": " + Database.rootMessage(e),
                        entry.raw()));
            }
        }
        reject(refused);
        return new Stored(fresh, refused);
    }

    /**
     * Whether the database refused this row's data (SQLSTATE class 22, data exception, or 23, integrity
     * constraint) rather than failed for a reason of its own (connection, deadlock, resources).
     */
    private static boolean refusesTheRow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23");
            }
        }
        return false;
    }
}
