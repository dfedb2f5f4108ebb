package io.docspaceguard.facts;

import java.util.Map;
import java.util.Set;

/**
 * A classified action on a file or a container (folder, room, trash): the engine inserts one for each audit
 * event with a target and each kind the classification rules give the event's {@link ActionType}. One event
 * may yield several activities (a deletion is also a change). Each kind is its own fact type, so a rule
 * matches one kind by type; how long an activity counts is the window the rule declares on its pattern
 * ({@code over window:time(10m)}).
 */
public sealed interface FileActivity permits FileChange, FileDeletion, FileDownload, FileShare, FolderRemoval,
        RoomRemoval, FolderDownload, TrashEmptied, VersionDeletion, SuspiciousName {
    String CHANGE = "change";
    String DELETION = "deletion";
    String DOWNLOAD = "download";
    String SHARE = "share";
    String FOLDER_REMOVAL = "folder-removal";
    String ROOM_REMOVAL = "room-removal";
    String FOLDER_DOWNLOAD = "folder-download";
    String TRASH_EMPTIED = "trash-emptied";
    String VERSION_DELETION = "version-deletion";
    /** Not a classification: the engine finds suspicious names itself, from the name lists in the rules folder. */
    String SUSPICIOUS_NAME = "suspicious-name";
    /** The kinds classification rules may give, with the fact type each becomes. */
    Map<String, Class<? extends FileActivity>> TYPES = Map.of(CHANGE, FileChange.class, DELETION, FileDeletion.class,
            DOWNLOAD, FileDownload.class, SHARE, FileShare.class, FOLDER_REMOVAL, FolderRemoval.class,
            ROOM_REMOVAL, RoomRemoval.class, FOLDER_DOWNLOAD, FolderDownload.class, TRASH_EMPTIED, TrashEmptied.class,
            VERSION_DELETION, VersionDeletion.class);
    Set<String> KINDS = TYPES.keySet();

    /** The audit event this activity comes from. */
    long eventId();

    /** Event time, UTC epoch milliseconds. */
    long ts();

    String userId();

    /** The file, or for container kinds the folder, room or trash, the action was on. */
    String fileId();

    /** One of {@link #KINDS} or {@link #SUSPICIOUS_NAME}. */
    String kind();

    /** The activity of the given kind, as the classification rules name it. */
    static FileActivity of(String kind, long eventId, long ts, String userId, String fileId) {
        return switch (kind) {
            case CHANGE -> new FileChange(eventId, ts, userId, fileId);
            case DELETION -> new FileDeletion(eventId, ts, userId, fileId);
            case DOWNLOAD -> new FileDownload(eventId, ts, userId, fileId);
            case SHARE -> new FileShare(eventId, ts, userId, fileId);
            case FOLDER_REMOVAL -> new FolderRemoval(eventId, ts, userId, fileId);
            case ROOM_REMOVAL -> new RoomRemoval(eventId, ts, userId, fileId);
            case FOLDER_DOWNLOAD -> new FolderDownload(eventId, ts, userId, fileId);
            case TRASH_EMPTIED -> new TrashEmptied(eventId, ts, userId, fileId);
            case VERSION_DELETION -> new VersionDeletion(eventId, ts, userId, fileId);
            default -> throw new IllegalArgumentException("unknown file activity kind: " + kind);
        };
    }
}
