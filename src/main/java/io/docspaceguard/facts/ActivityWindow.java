package io.docspaceguard.facts;

import java.util.List;

/**
 * The file activities one rule sees for one user in its window, as returned by the accumulate function
 * {@code activityWindow}: how many distinct files they touch, and the activities themselves (oldest first).
 */
public record ActivityWindow(int fileCount, List<FileActivity> activities) {

    public ActivityWindow {
        activities = List.copyOf(activities);
    }
}
