package io.docspaceguard.facts;

/**
 * A classified file action, inserted by the classification rules for each audit event on a file.
 * One event may yield several activities (a deletion is also a change).
 *
 * @param kind one of {@link #CHANGE}, {@link #DELETION}, {@link #DOWNLOAD}
 */
public record FileActivity(long eventId, long ts, String userId, String fileId, String kind) {
    public static final String CHANGE = "change";
    public static final String DELETION = "deletion";
    public static final String DOWNLOAD = "download";
}
