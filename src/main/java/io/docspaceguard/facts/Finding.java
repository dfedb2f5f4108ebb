package io.docspaceguard.facts;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule found: the activity of one user that crossed the rule's threshold.
 * Rules insert findings; the engine collects them through the DRL query {@code findings}.
 *
 * @param rule        rule id, e.g. {@code bulk-file-changes}
 * @param severity    {@code low}, {@code medium} or {@code high}
 * @param windowStart time of the earliest activity counted, UTC epoch ms
 * @param windowEnd   time of the latest activity counted, UTC epoch ms
 * @param fileIds     the distinct files counted
 * @param eventIds    the audit events that were counted
 * @param autoDisable whether the rule asks for the account to be disabled at once
 */
public record Finding(String rule, String userId, String severity, long windowStart, long windowEnd,
                      Set<String> fileIds, Set<Long> eventIds, boolean autoDisable) {

    public Finding {
        fileIds = Set.copyOf(fileIds);
        eventIds = Set.copyOf(eventIds);
    }

    /** Builds a finding from the activities a rule collected in its window. */
    public static Finding of(String rule, String userId, String severity, List<FileActivity> activities,
                             boolean autoDisable) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        Set<String> files = new HashSet<>();
        Set<Long> events = new HashSet<>();
        for (FileActivity activity : activities) {
            start = Math.min(start, activity.ts());
            end = Math.max(end, activity.ts());
            files.add(activity.fileId());
            events.add(activity.eventId());
        }
        return new Finding(rule, userId, severity, start, end, files, events, autoDisable);
    }
}
