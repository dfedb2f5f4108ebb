package io.docspaceguard.bench;

import io.docspaceguard.facts.AuditEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default rules written in plain Java, as the yardstick for the rule engine: per user and kind a
 * sliding window of the last 10 minutes of file activity with a count of each file in it. An event at
 * time t stays in the window while the clock is before t + 10 minutes, as in a Drools time window.
 */
public final class ReferenceDetector {
    private static final long WINDOW_MS = 10 * 60_000L;
    private static final Set<Integer> CHANGES = Set.of(5000, 5001, 5002, 5003, 5011, 5012, 5013, 5014, 5015,
            5016, 5017, 5018, 5034, 5035, 5044, 5099, 5201, 5203, 6046);
    private static final Set<Integer> DELETIONS = Set.of(5017, 5018);
    private static final Set<Integer> DOWNLOADS = Set.of(5009, 5010, 5062);

    private enum Kind {
        CHANGE("bulk-file-changes", 20), DELETION("mass-deletion", 10), DOWNLOAD("mass-download", 50);

        final String rule;
        final int threshold;

        Kind(String rule, int threshold) {
            this.rule = rule;
            this.threshold = threshold;
        }
    }

    private record Key(Kind kind, String userId) {
    }

    private record Entry(long ts, String file) {
    }

    private static final class Window {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        final Map<String, Integer> counts = new HashMap<>();
        boolean above;
    }

    private final Map<Key, Window> windows = new HashMap<>();
    private final Set<String> flagged = new TreeSet<>();

    public void accept(AuditEvent event) {
        if (event.entryType() != 1 || event.firstTarget() == null) {
            return;
        }
        int action = event.actionId();
        if (CHANGES.contains(action)) {
            add(Kind.CHANGE, event);
        }
        if (DELETIONS.contains(action)) {
            add(Kind.DELETION, event);
        }
        if (DOWNLOADS.contains(action)) {
            add(Kind.DOWNLOAD, event);
        }
    }

    private void add(Kind kind, AuditEvent event) {
        Window window = windows.computeIfAbsent(new Key(kind, event.userId()), k -> new Window());
        long now = event.ts();
        while (!window.entries.isEmpty() && window.entries.peekFirst().ts() + WINDOW_MS <= now) {
            window.counts.computeIfPresent(window.entries.pollFirst().file(), (f, n) -> n == 1 ? null : n - 1);
        }
        window.entries.addLast(new Entry(now, event.firstTarget()));
        window.counts.merge(event.firstTarget(), 1, Integer::sum);
        boolean above = window.counts.size() > kind.threshold;
        if (above && !window.above) {
            flagged.add(kind.rule + " " + event.userId());
        }
        window.above = above;
    }

    /** "rule user" pairs that crossed a threshold at least once. */
    public Set<String> flagged() {
        return flagged;
    }
}
