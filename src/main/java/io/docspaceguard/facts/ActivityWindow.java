package io.docspaceguard.facts;

import java.util.List;

/**
 * The file activities one rule sees for one user in its window, as returned by the accumulate function
 * {@code activityWindow}: how many distinct files they touch, and the activities themselves (oldest first).
 *
 * <p>The count is fixed when the window is evaluated; {@link #activities()} takes the window's content only when a
 * rule asks for it, in the consequence of a rule that fired, before the clock moves on.
 */
public final class ActivityWindow {
    private final int fileCount;
    private final ActivityLog log;

    public ActivityWindow(int fileCount, ActivityLog log) {
        this.fileCount = fileCount;
        this.log = log;
    }

    public int fileCount() {
        return fileCount;
    }

    /** The activities in the window now, oldest first, unchanged by what the window does later. */
    public List<FileActivity> activities() {
        return log.snapshot();
    }

    @Override
    public String toString() {
        return "ActivityWindow[fileCount=" + fileCount + ", activities=" + log.size() + "]";
    }
}
