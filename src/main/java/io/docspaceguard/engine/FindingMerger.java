package io.docspaceguard.engine;

import io.docspaceguard.facts.ActivityLog;
import io.docspaceguard.facts.FileActivity;
import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds the findings of one rule and user into episodes: while a window stays above its threshold every
 * change fires the rule again, and findings whose windows overlap describe the same burst.
 */
final class FindingMerger {
    private FindingMerger() {
    }

    /**
     * Folds findings as they arrive, keeping one open episode per rule and user: a session holds this instead of
     * every firing's finding, each a copy of its whole window, which for a burst of thousands of files grew with the
     * square of its size. Episodes closed here can still overlap one that opens later; {@link #merge} joins them.
     */
    static final class Folder {
        private record Key(String rule, String userId) {
        }

        private final Map<Key, Episode> open = new LinkedHashMap<>();
        private final List<Finding> closed = new ArrayList<>();

        void add(Finding next) {
            Key key = new Key(next.rule(), next.userId());
            Episode current = open.get(key);
            if (current != null && current.takes(next)) {
                current.add(next);
                return;
            }
            if (current != null) {
                closed.add(current.finding());
            }
            open.put(key, new Episode(next));
        }

        /** Every episode folded so far, the open ones too; the folder is empty afterwards. */
        List<Finding> drain() {
            List<Finding> all = new ArrayList<>(closed);
            open.values().forEach(episode -> all.add(episode.finding()));
            closed.clear();
            open.clear();
            return all;
        }
    }

    static List<Finding> merge(List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::rule).thenComparing(Finding::userId)
                .thenComparingLong(Finding::windowStart).thenComparingLong(Finding::windowEnd));
        List<Finding> episodes = new ArrayList<>();
        Episode current = null;
        for (Finding next : sorted) {
            if (current != null && current.takes(next)) {
                current.add(next);
            } else {
                if (current != null) {
                    episodes.add(current.finding());
                }
                current = new Episode(next);
            }
        }
        if (current != null) {
            episodes.add(current.finding());
        }
        return episodes;
    }

    /**
     * The union of overlapping findings, gathered in mutable sets so a long burst is not copied per firing. A finding
     * built from a later state of the window folded before adds only the activities numbered after that one's end:
     * while a burst stays over its limit, each firing adds one activity, not the whole window again.
     */
    private static final class Episode {
        private final Finding first;
        private final Set<String> files = new HashSet<>();
        private final Set<Long> events = new HashSet<>();
        private final Map<String, Set<String>> itemsByKind = new HashMap<>();
        private long start;
        private long end;
        private boolean autoDisable;
        private int threshold;
        private long windowMillis;
        /**
         * The window folded last, which this episode holds whole: its log and its range of sequence numbers. Of a
         * window of that log that starts no earlier, whatever is numbered before this range's end was in it.
         */
        private ActivityLog log;
        private long logFirst;
        private long logEnd;

        Episode(Finding first) {
            this.first = first;
            this.start = first.windowStart();
            this.end = first.windowEnd();
            this.autoDisable = first.autoDisable();
            this.threshold = first.threshold();
            this.windowMillis = first.windowMillis();
            addCounted(first);
        }

        /** Same rule and user, and a window that starts before this episode's ends. */
        boolean takes(Finding next) {
            return first.rule().equals(next.rule()) && first.userId().equals(next.userId())
                    && next.windowStart() <= end;
        }

        void add(Finding next) {
            start = Math.min(start, next.windowStart());
            end = Math.max(end, next.windowEnd());
            autoDisable |= next.autoDisable();
            threshold = Math.max(threshold, next.threshold());
            windowMillis = Math.max(windowMillis, next.windowMillis());
            addCounted(next);
        }

        private void addCounted(Finding finding) {
            ActivityLog.Snapshot window = finding.window().orElse(null);
            if (window == null) {
                files.addAll(finding.fileIds());
                events.addAll(finding.eventIds());
                finding.itemsByKind().forEach((kind, items) ->
                        itemsByKind.computeIfAbsent(kind, k -> new HashSet<>()).addAll(items));
                return;
            }
            // A log's windows move forward, and findings usually come in the order they were taken; one that does
            // not (several from one firing) is folded whole.
            boolean follows = window.log() == log && window.firstSeq() >= logFirst;
            for (FileActivity activity : follows ? window.fromSeq(logEnd) : window) {
                files.add(activity.fileId());
                events.add(activity.eventId());
                itemsByKind.computeIfAbsent(activity.kind(), k -> new HashSet<>()).add(activity.fileId());
            }
            log = window.log();
            logFirst = window.firstSeq();
            logEnd = window.endSeq();
        }

        Finding finding() {
            return new Finding(first.rule(), first.userId(), first.severity(), start, end, files, events,
                    autoDisable, threshold, itemsByKind, windowMillis);
        }
    }
}
