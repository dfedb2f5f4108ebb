package io.docspaceguard.demo;

/** The DocSpace MessageAction ids the demo produces, with their English texts and action types (§5.1). */
final class Actions {
    static final int FILE_RENAMED = 5001;
    static final int FILE_DOWNLOADED = 5009;
    static final int FILE_UPLOADED = 5011;
    static final int FILE_MOVED_TO_TRASH = 5017;
    static final int USER_FILE_UPDATED = 5034;
    static final int FILE_READ = 5064;
    static final int FILE_UPLOADED_WITH_OVERWRITING = 5099;

    private Actions() {
    }

    /** The localized text DocSpace builds from its resource template; people read it, rules never do. */
    static String text(int actionId, String title, String userName) {
        return switch (actionId) {
            case FILE_RENAMED -> "File Renamed: " + title;
            case FILE_DOWNLOADED -> "File Downloaded: " + title;
            case FILE_UPLOADED -> "File Uploaded: " + title;
            case FILE_MOVED_TO_TRASH -> "Files [" + title + "]. Moved To Trash Folder";
            case USER_FILE_UPDATED -> "Users [" + userName + "]. File Updated: " + title;
            case FILE_READ -> "Files [" + title + "]. Marked As Read";
            case FILE_UPLOADED_WITH_OVERWRITING -> "File uploaded with overwriting: " + title;
            default -> "Action " + actionId + (title == null ? "" : ": " + title);
        };
    }

    /** ActionType from DocSpace's DocumentsActionMapper. */
    static int type(int actionId) {
        return switch (actionId) {
            case FILE_DOWNLOADED -> 12;
            case FILE_UPLOADED, FILE_UPLOADED_WITH_OVERWRITING -> 13;
            case FILE_MOVED_TO_TRASH -> 15;
            default -> 2;
        };
    }
}
