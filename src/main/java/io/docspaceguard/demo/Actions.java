package io.docspaceguard.demo;

/** The DocSpace MessageAction ids the portal model writes, with their English texts and action types (§5.1). */
final class Actions {
    static final int FILE_CREATED = 5000;
    static final int FILE_RENAMED = 5001;
    static final int FILE_UPDATED = 5002;
    static final int FILE_DOWNLOADED = 5009;
    static final int FILE_UPLOADED = 5011;
    static final int FILE_MOVED_TO_TRASH = 5017;
    static final int FILE_DELETED = 5018;
    static final int USER_FILE_UPDATED = 5034;
    static final int FILE_READ = 5064;
    static final int FILE_UPLOADED_WITH_OVERWRITING = 5099;
    static final int FILE_RESTORE_VERSION = 5044;
    /** Written by every status change; the text names the users, so the model builds it. */
    static final int USERS_STATUS_UPDATED = 4020;
    /** Written when disabling ends a user's sessions ("Cookie Settings Updated"). */
    static final int SESSIONS_ENDED = 6032;

    private Actions() {
    }

    /** The localized text DocSpace builds from its resource template; people read it, rules never do. */
    static String text(int actionId, String title, String userName) {
        return switch (actionId) {
            case FILE_CREATED -> "File Created: " + title;
            case FILE_RENAMED -> "File Renamed: " + title;
            case FILE_UPDATED -> "File Updated: " + title;
            case FILE_DOWNLOADED -> "File Downloaded: " + title;
            case FILE_UPLOADED -> "File Uploaded: " + title;
            case FILE_MOVED_TO_TRASH -> "Files [" + title + "]. Moved To Trash Folder";
            case FILE_DELETED -> "File Deleted: " + title;
            case USER_FILE_UPDATED -> "Users [" + userName + "]. File Updated: " + title;
            case FILE_READ -> "Files [" + title + "]. Marked As Read";
            case FILE_UPLOADED_WITH_OVERWRITING -> "File uploaded with overwriting: " + title;
            case 5026 -> "Folders [" + title + "]. Moved To Trash";
            case 5057 -> "Folders [" + title + "]. Downloaded";
            case SESSIONS_ENDED -> "Cookie Settings Updated";
            default -> "Action " + actionId + (title == null ? "" : ": " + title);
        };
    }

    /** ActionType from DocSpace's DocumentsActionMapper. */
    static int type(int actionId) {
        return switch (actionId) {
            case 5000, 5003, 5035, 5044 -> 1;
            case 5004, 5018, 5119, 5061, 5027 -> 3;
            case 5009, 5010, 5062, 5057 -> 12;
            case 5011, 5099 -> 13;
            case 5013, 5014 -> 14;
            case 5015, 5016, 5017, 5026 -> 15;
            default -> 2;
        };
    }
}
