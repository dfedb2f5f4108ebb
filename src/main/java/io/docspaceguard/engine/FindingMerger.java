package io.docspaceguard.engine;

import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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

    /** The union of overlapping findings, gathered in mutable sets so a long burst is not copied per firing. */
    private static final class Episode {
        private final Finding first;
        private final Set<String> files;
        private final Set<Long> events;
        private final Map<String, Set<String>> itemsByKind = new HashMap<>();
        private long end;
        private boolean autoDisable;
        private int threshold;
        private long windowMillis;

        Episode(Finding first) {
            this.first = first;
            this.files = new HashSet<>(first.fileIds());
            this.events = new HashSet<>(first.eventIds());
            this.end = first.windowEnd();
            this.autoDisable = first.autoDisable();
            this.threshold = first.threshold();
            this.windowMillis = first.windowMillis();
            addKinds(first);
        }

        private void addKinds(Finding finding) {
            finding.itemsByKind().forEach((kind, items) ->
                    itemsByKind.computeIfAbsent(kind, k -> new HashSet<>()).addAll(items));
        }

        /** Same rule and user, and a window that starts before this episode's ends. */
        boolean takes(Finding next) {
            return first.rule().equals(next.rule()) && first.userId().equals(next.userId())
                    && next.windowStart() <= end;
        }

        void add(Finding next) {
            files.addAll(next.fileIds());
            events.addAll(next.eventIds());
            end = Math.max(end, next.windowEnd());
            autoDisable |= next.autoDisable();
            threshold = Math.max(threshold, next.threshold());
            windowMillis = Math.max(windowMillis, next.windowMillis());
            addKinds(next);
        }

        Finding finding() {
            return new Finding(first.rule(), first.userId(), first.severity(), first.windowStart(), end, files, events,
                    autoDisable, threshold, itemsByKind, windowMillis);
        }
    }
}
