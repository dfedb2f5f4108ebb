package io.docspaceguard.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule found: the activity of one user that crossed the rule's threshold. Rules insert findings; the engine
 * takes them out of the session as they arrive. Immutable, compared by value.
 *
 * <p>A finding built from a rule's window ({@link ActivityWindow#activities()}) keeps that window's snapshot and
 * gathers its files, events and kinds only when asked: while a burst stays over its limit the rule fires on every
 * activity, and the engine folds those findings into one episode by the activities each one adds ({@link #window()}),
 * so most of them are never gathered at all.
 */
public final class Finding {
    private final String rule;
    private final String userId;
    private final String severity;
    private final long windowStart;
    private final long windowEnd;
    private final boolean autoDisable;
    private final int threshold;
    private final long windowMillis;
    /** The window this was built from, or null when it was built from sets. */
    private final ActivityLog.Snapshot window;
    private volatile Counted counted;

    private record Counted(Set<String> fileIds, Set<Long> eventIds, Map<String, Set<String>> itemsByKind) {
        Counted {
            fileIds = Set.copyOf(fileIds);
            eventIds = Set.copyOf(eventIds);
            Map<String, Set<String>> copy = new HashMap<>();
            itemsByKind.forEach((kind, items) -> copy.put(kind, Set.copyOf(items)));
            itemsByKind = Map.copyOf(copy);
        }

        /**
         * Gathers into lists sized once, made sets by {@code Set.copyOf}: on a large window that takes about a quarter
         * less time than growing hash sets.
         */
        static Counted of(List<? extends FileActivity> activities) {
            List<String> files = new ArrayList<>(activities.size());
            List<Long> events = new ArrayList<>(activities.size());
            Map<String, List<String>> byKind = new HashMap<>();
            for (FileActivity activity : activities) {
                files.add(activity.fileId());
                events.add(activity.eventId());
                byKind.computeIfAbsent(activity.kind(), k -> new ArrayList<>()).add(activity.fileId());
            }
            Map<String, Set<String>> itemsByKind = new HashMap<>();
            byKind.forEach((kind, items) -> itemsByKind.put(kind, Set.copyOf(items)));
            return new Counted(Set.copyOf(files), Set.copyOf(events), itemsByKind);
        }
    }

    /**
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
    public Finding(String rule, String userId, String severity, long windowStart, long windowEnd,
                   Set<String> fileIds, Set<Long> eventIds, boolean autoDisable, int threshold,
                   Map<String, Set<String>> itemsByKind, long windowMillis) {
        this(rule, userId, severity, windowStart, windowEnd, autoDisable, threshold, windowMillis, null,
                new Counted(fileIds, eventIds, itemsByKind));
    }

    /** A finding that counts no activities in a window, e.g. one raw audit event; no threshold, no window. */
    public Finding(String rule, String userId, String severity, long windowStart, long windowEnd,
                   Set<String> fileIds, Set<Long> eventIds, boolean autoDisable) {
        this(rule, userId, severity, windowStart, windowEnd, fileIds, eventIds, autoDisable, 0, Map.of(), 0);
    }

    private Finding(String rule, String userId, String severity, long windowStart, long windowEnd,
                    boolean autoDisable, int threshold, long windowMillis, ActivityLog.Snapshot window,
                    Counted counted) {
        this.rule = rule;
        this.userId = userId;
        this.severity = severity;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.autoDisable = autoDisable;
        this.threshold = threshold;
        this.windowMillis = windowMillis;
        this.window = window;
        this.counted = counted;
    }

    /**
     * Builds a finding from the activities a rule collected in its window.
     *
     * @param threshold the count of distinct files the rule's condition had to exceed
     */
    public static Finding of(String rule, String userId, String severity, int threshold,
                             List<? extends FileActivity> activities, boolean autoDisable) {
        if (activities instanceof ActivityLog.Snapshot snapshot) {
            return new Finding(rule, userId, severity, snapshot.earliest(), snapshot.latest(), autoDisable,
                    threshold, 0, snapshot, null);
        }
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (FileActivity activity : activities) {
            start = Math.min(start, activity.ts());
            end = Math.max(end, activity.ts());
        }
        return new Finding(rule, userId, severity, start, end, autoDisable, threshold, 0, null,
                Counted.of(activities));
    }

    /** The same finding at another severity. */
    public Finding withSeverity(String newSeverity) {
        return new Finding(rule, userId, newSeverity, windowStart, windowEnd, autoDisable, threshold, windowMillis,
                window, counted);
    }

    /** The same finding with the window of the rule that produced it. */
    public Finding withWindowMillis(long millis) {
        return new Finding(rule, userId, severity, windowStart, windowEnd, autoDisable, threshold, millis, window,
                counted);
    }

    public String rule() {
        return rule;
    }

    public String userId() {
        return userId;
    }

    public String severity() {
        return severity;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public Set<String> fileIds() {
        return counted().fileIds();
    }

    public Set<Long> eventIds() {
        return counted().eventIds();
    }

    public boolean autoDisable() {
        return autoDisable;
    }

    public int threshold() {
        return threshold;
    }

    public Map<String, Set<String>> itemsByKind() {
        return counted().itemsByKind();
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** The activities counted, as the rule's window held them, when the finding was built from one. */
    public Optional<ActivityLog.Snapshot> window() {
        return Optional.ofNullable(window);
    }

    private Counted counted() {
        Counted known = counted;
        if (known == null) {
            // Gathering twice in a race gives equal sets; a record's final fields make it safe to publish.
            known = Counted.of(window);
            counted = known;
        }
        return known;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Finding that && Objects.equals(rule, that.rule)
                && Objects.equals(userId, that.userId) && Objects.equals(severity, that.severity)
                && windowStart == that.windowStart && windowEnd == that.windowEnd && autoDisable == that.autoDisable && threshold == that.threshold
                && windowMillis == that.windowMillis && counted().equals(that.counted());
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, userId, severity, windowStart, windowEnd, autoDisable, threshold, windowMillis,
                counted());
    }

    @Override
    public String toString() {
        Counted all = counted();
        return "Finding[rule=" + rule + ", userId=" + userId + ", severity=" + severity + ", windowStart="
                + windowStart + ", windowEnd=" + windowEnd + ", fileIds=" + all.fileIds() + ", eventIds="
                + all.eventIds() + ", autoDisable=" + autoDisable + ", threshold=" + threshold + ", itemsByKind="
                + all.itemsByKind() + ", windowMillis=" + windowMillis + "]";
    }
}
