package io.docspaceguard.engine;

import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
        Finding current = null;
        for (Finding next : sorted) {
            if (current != null && sameSubject(current, next) && next.windowStart() <= current.windowEnd()) {
                current = union(current, next);
            } else {
                if (current != null) {
                    episodes.add(current);
                }
                current = next;
            }
        }
        if (current != null) {
            episodes.add(current);
        }
        return episodes;
    }

    private static boolean sameSubject(Finding a, Finding b) {
        return a.rule().equals(b.rule()) && a.userId().equals(b.userId());
    }

    private static Finding union(Finding a, Finding b) {
        Set<String> files = new TreeSet<>(a.fileIds());
        files.addAll(b.fileIds());
        Set<Long> events = new TreeSet<>(a.eventIds());
        events.addAll(b.eventIds());
        return new Finding(a.rule(), a.userId(), a.severity(), Math.min(a.windowStart(), b.windowStart()),
                Math.max(a.windowEnd(), b.windowEnd()), files, events, a.autoDisable() || b.autoDisable(),
                Math.max(a.threshold(), b.threshold()), a.activityKind(), Math.max(a.windowMillis(), b.windowMillis()));
    }
}
