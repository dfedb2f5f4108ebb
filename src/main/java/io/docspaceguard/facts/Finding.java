package io.docspaceguard.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a rule found: the activity of one user that crossed the rule's threshold.
 * Rules insert findings; the engine collects them through the DRL query {@code findings}.
 *
 * @param rule         rule id, e.g. {@code bulk-file-changes}
 * @param severity     {@code low}, {@code medium}, {@code high} or {@code critical}
 * @param windowStart  time of the earliest activity counted, UTC epoch ms
 * @param windowEnd    time of the latest activity counted, UTC epoch ms
 * @param fileIds      the distinct files (or folders, rooms) counted
 * @param eventIds     the audit events that were counted
 * @param autoDisable  whether the rule asks for the account to be disabled at once
 * @param threshold    the distinct-file count the rule must exceed, as the rule states it; 0 when it states none
 * @param itemsByKind  the distinct items counted, by activity kind ({@link FileActivity#kind()})
 * @param windowMillis the rule's window, filled in by the engine from the rule's declaration (rules do not repeat
 *                     it); 0 when unknown
 */
public record Finding(String rule, String userId, String severity, long windowStart, long windowEnd,
                      Set<String> fileIds, Set<Long> eventIds, boolean autoDisable, int threshold,
                      Map<String, Set<String>> itemsByKind, long windowMillis) {

    public Finding {
        fileIds = Set.copyOf(fileIds);
        eventIds = Set.copyOf(eventIds);
        Map<String, Set<String>> copy = new HashMap<>();
        itemsByKind.forEach((kind, items) -> copy.put(kind, Set.copyOf(items)));
        itemsByKind = Map.copyOf(copy);
    }

    /** A finding that counts no activities in a window, e.g. one raw audit event; no threshold, no window. */
    public Finding(String rule, String userId, String severity, long windowStart, long windowEnd,
                   Set<String> fileIds, Set<Long> eventIds, boolean autoDisable) {
        this(rule, userId, severity, windowStart, windowEnd, fileIds, eventIds, autoDisable, 0, Map.of(), 0);
    }

    /**
     * Builds a finding from the activities a rule collected in its window.
     *
     * @param threshold the count of distinct files the rule's condition had to exceed
     */
    public static Finding of(String rule, String userId, String severity, int threshold,
                             List<? extends FileActivity> activities, boolean autoDisable) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        // A rule fires with its whole window on every event of a burst, so this runs often on large windows. Lists
        // sized once, made sets by Set.copyOf (which the canonical constructor keeps as they are), take about a
        // quarter less time than growing hash sets (a rule test of a 10,000-file burst: 19-22 s instead of 26-28 s).
        List<String> files = new ArrayList<>(activities.size());
        List<Long> events = new ArrayList<>(activities.size());
        Map<String, List<String>> byKind = new HashMap<>();
        for (FileActivity activity : activities) {
            start = Math.min(start, activity.ts());
            end = Math.max(end, activity.ts());
            files.add(activity.fileId());
            events.add(activity.eventId());
            byKind.computeIfAbsent(activity.kind(), k -> new ArrayList<>()).add(activity.fileId());
        }
        Map<String, Set<String>> itemsByKind = new HashMap<>();
        byKind.forEach((kind, items) -> itemsByKind.put(kind, Set.copyOf(items)));
        return new Finding(rule, userId, severity, start, end, Set.copyOf(files), Set.copyOf(events), autoDisable,
                threshold, itemsByKind, 0);
    }

    /** The same finding at another severity. */
    public Finding withSeverity(String newSeverity) {
        return new Finding(rule, userId, newSeverity, windowStart, windowEnd, fileIds, eventIds, autoDisable,
                threshold, itemsByKind, windowMillis);
    }

    /** The same finding with the window of the rule that produced it. */
    public Finding withWindowMillis(long millis) {
        return new Finding(rule, userId, severity, windowStart, windowEnd, fileIds, eventIds, autoDisable, threshold,
                itemsByKind, millis);
    }
}
