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
 * @param action   DocSpace's localized description, e.g. {@code File Uploaded: q3.xlsx}; only file names are
 *                 read from it (they are not localized); null when unknown
 */
public record AuditEvent(long id, long ts, String userId, String userName, int actionId,
                         List<Integer> entries, List<String> target, String action) {

    public AuditEvent {
        entries = entries == null ? List.of() : List.copyOf(entries);
        target = target == null ? List.of() : List.copyOf(target);
    }

    /** An event whose description is unknown. */
    public AuditEvent(long id, long ts, String userId, String userName, int actionId, List<Integer> entries,
                      List<String> target) {
        this(id, ts, userId, userName, actionId, entries, target, null);
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
