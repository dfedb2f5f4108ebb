package io.docspaceguard.docspace;

import io.docspaceguard.facts.AuditEvent;
import java.time.Instant;
import java.util.List;

/**
 * An audit event read from DocSpace and validated: what the store keeps and what rules see.
 *
 * @param at     event time converted to UTC
 * @param action DocSpace's localized action text, kept for people to read; rules see only the file names in it
 * @param raw    the event's JSON exactly as DocSpace sent it
 */
public record AuditEntry(long id, Instant at, String userId, String userName, int actionId, String action,
                         List<Integer> entries, List<String> target, String raw) {

    public AuditEntry {
        entries = List.copyOf(entries);
        target = List.copyOf(target);
    }

    /** The entry without its raw JSON: what the rules and the incidents' reasons need of it, in less memory. */
    public AuditEntry withoutRaw() {
        return raw == null ? this : new AuditEntry(id, at, userId, userName, actionId, action, entries, target, null);
    }

    public AuditEvent toFact() {
        return new AuditEvent(id, at.toEpochMilli(), userId, userName, actionId, entries, target, action);
    }
}
