package io.docspaceguard.facts;

import java.util.List;

/**
 * One DocSpace audit event as delivered, with its date already converted to UTC epoch milliseconds.
 * Rules classify on {@code actionId} and {@code entries}, never on the localized action text.
 *
 * @param id       DocSpace audit row id (unique per portal)
 * @param ts       event time, UTC epoch milliseconds
 * @param userId   acting user id (lower-case GUID)
 * @param userName display name of the acting user
 * @param actionId MessageAction id, e.g. 5034 for an editor save
 * @param entries  entry types of the action: [1] file, [1,2] file to folder, [2] folder, [] none
 * @param target   target ids as strings; for file actions the file id comes first
 */
public record AuditEvent(long id, long ts, String userId, String userName, int actionId,
                         List<Integer> entries, List<String> target) {

    public AuditEvent {
        entries = entries == null ? List.of() : List.copyOf(entries);
        target = target == null ? List.of() : List.copyOf(target);
    }

    /** The first entry type, or 0 (None) when the action has none. */
    public int entryType() {
        return entries.isEmpty() ? 0 : entries.get(0);
    }

    /** The first target id (the file for file actions), or null when the event has no target. */
    public String firstTarget() {
        return target.isEmpty() ? null : target.get(0);
    }
}
