package io.docspaceguard.engine;

import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Folds the findings of one rule and user into episodes: while the window stays above threshold every
 * change fires the rule again, and overlapping findings describe the same burst.
 */
final class FindingMerger {
    private record Key(String rule, String userId) {
    }

    private final Map<Key, Finding> open = new LinkedHashMap<>();
    private final List<Finding> closed = new ArrayList<>();

    void add(Finding finding) {
        Key key = new Key(finding.rule(), finding.userId());
        Finding current = open.get(key);
        if (current == null) {
            open.put(key, finding);
        } else if (finding.windowStart() <= current.windowEnd()) {
            open.put(key, merge(current, finding));
        } else {
            closed.add(current);
            open.put(key, finding);
        }
    }

    List<Finding> result() {
        List<Finding> all = new ArrayList<>(closed);
        all.addAll(open.values());
        return all;
    }

    static Finding merge(Finding a, Finding b) {
        Set<String> files = new TreeSet<>(a.fileIds());
        files.addAll(b.fileIds());
        Set<Long> events = new TreeSet<>(a.eventIds());
        events.addAll(b.eventIds());
        return new Finding(a.rule(), a.userId(), a.severity(), Math.min(a.windowStart(), b.windowStart()),
                Math.max(a.windowEnd(), b.windowEnd()), files, events, a.autoDisable() || b.autoDisable());
    }
}
