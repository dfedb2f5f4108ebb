package io.docspaceguard.facts;

import java.util.Set;

/**
 * A classified file action: the engine inserts one for each audit event on a file and each kind the
 * classification rules give the event's {@link ActionType}. One event may yield several activities
 * (a deletion is also a change). Each kind is its own fact type, so that a rule counts one kind and
 * its file declares how long an activity of that kind stays in the session (the rule's window).
 */
public sealed interface FileActivity permits FileChange, FileDeletion, FileDownload {
    String CHANGE = "change";
    String DELETION = "deletion";
    String DOWNLOAD = "download";
    Set<String> KINDS = Set.of(CHANGE, DELETION, DOWNLOAD);

    /** The audit event this activity comes from. */
    long eventId();

    /** Event time, UTC epoch milliseconds. */
    long ts();

    String userId();

    String fileId();

    /** One of {@link #CHANGE}, {@link #DELETION}, {@link #DOWNLOAD}. */
    String kind();

    /** The activity of the given kind, as the classification rules name it. */
    static FileActivity of(String kind, long eventId, long ts, String userId, String fileId) {
        return switch (kind) {
            case CHANGE -> new FileChange(eventId, ts, userId, fileId);
            case DELETION -> new FileDeletion(eventId, ts, userId, fileId);
            case DOWNLOAD -> new FileDownload(eventId, ts, userId, fileId);
            default -> throw new IllegalArgumentException("unknown file activity kind: " + kind);
        };
    }
}
