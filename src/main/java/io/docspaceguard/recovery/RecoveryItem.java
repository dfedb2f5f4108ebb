package io.docspaceguard.recovery;

/**
 * What recovering one file would do, and why.
 *
 * @param title          the file's title now, as far as it is known
 * @param action         {@code restore}, {@code rename}, {@code restore-and-rename}, or {@code none} (nothing to do,
 *                       or not possible: see {@code reason})
 * @param restoreVersion the version to restore: the last one from before the incident by another account
 * @param renameTo       the title to give back: the one that version had (a restore keeps the current title)
 * @param outcome        {@code planned}, {@code unchanged}, {@code skipped} (someone else's later work, locked, in the
 *                       editor) or {@code cannot} (gone, in a user's trash, no earlier version, no access)
 * @param reason         in words, for the reviewer and the ticket
 * @param currentVersion the file's version when planned; a run skips the file if it has moved on since
 */
public record RecoveryItem(String fileId, String title, String action, Integer restoreVersion, String renameTo,
                           String outcome, String reason, Integer currentVersion) {
    public static final String PLANNED = "planned";
    public static final String UNCHANGED = "unchanged";
    public static final String SKIPPED = "skipped";
    public static final String CANNOT = "cannot";

    static RecoveryItem not(String fileId, String title, String outcome, String reason) {
        return new RecoveryItem(fileId, title, "none", null, null, outcome, reason, null);
    }
}
