package io.docspaceguard.facts;

import java.util.Collection;
import java.util.List;

/**
 * The file activities one rule sees for one user in its window, as returned by the accumulate function
 * {@code activityWindow}: how many distinct files they touch, and the activities themselves (oldest first).
 *
 * <p>The count is fixed when the window is evaluated; {@link #activities()} copies the window's content
 * only when a rule asks for it — in the consequence of a rule that fired, before the clock moves on — because
 * copying on every change would cost as much as the rules.
 */
public final class ActivityWindow {
    private final int fileCount;
    private final Collection<FileActivity> window;

    public ActivityWindow(int fileCount, Collection<FileActivity> window) {
        this.fileCount = fileCount;
        this.window = window;
    }

    public int fileCount() {
        return fileCount;
    }

    /** A copy of the activities in the window now, oldest first. */
    public List<FileActivity> activities() {
        return List.copyOf(window);
    }

    @Override
    public String toString() {
        return "ActivityWindow[fileCount=" + fileCount + ", activities=" + window.size() + "]";
    }
}
