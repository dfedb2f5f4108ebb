package io.docspaceguard.bench;

import io.docspaceguard.facts.AuditEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The shipped rules written in plain Java, as the yardstick for the rule engine: per rule and user a sliding
 * window of activity with a count of each file (or folder, room) in it. An event at time t stays in a window
 * while the clock is before t + window, as in a Drools time window. A rule flags a user when the distinct count
 * goes above its limit. The ransomware-name rule needs DocSpace's action text, which generated events have not.
 * It runs the rules the engine has loaded, so a rules folder with fewer rules is compared like for like.
 */
public final class ReferenceDetector {
    private static final long MINUTE = 60_000L;
    private static final Set<Integer> CHANGES = Set.of(5000, 5001, 5002, 5003, 5011, 5012, 5013, 5014, 5015,
            5016, 5017, 5018, 5034, 5035, 5044, 5099, 5201, 5203, 6046);
    private static final Set<Integer> DELETIONS = Set.of(5017, 5018);
    private static final Set<Integer> DOWNLOADS = Set.of(5009, 5010, 5062);
    private static final Set<Integer> FILE_SHARES = Set.of(5091, 5092, 5060, 5008, 5068);

    /** One windowed rule: which events it counts, how long each counts, the limit it must exceed. */
    private record WindowRule(String name, Predicate<AuditEvent> counts, long windowMs, int limit) {
    }

    private static final List<WindowRule> RULES = List.of(
            new WindowRule("bulk-file-changes", file(CHANGES), 10 * MINUTE, 20),
            new WindowRule("mass-deletion", file(DELETIONS), 10 * MINUTE, 10),
            new WindowRule("mass-download", file(DOWNLOADS), 10 * MINUTE, 50),
            new WindowRule("sustained-changes", file(CHANGES), 120 * MINUTE, 100),
            new WindowRule("sustained-downloads", file(DOWNLOADS), 180 * MINUTE, 200),
            new WindowRule("link-sharing", e -> file(FILE_SHARES).test(e) || entry(e, 2, Set.of(5122)),
                    10 * MINUTE, 20),
            new WindowRule("folders-removed", e -> entry(e, 2, Set.of(5026, 5027)), 30 * MINUTE, 2),
            new WindowRule("rooms-removed", e -> entry(e, 25, Set.of(5074, 5072)), 60 * MINUTE, 0),
            new WindowRule("folder-downloads", e -> entry(e, 2, Set.of(5057)), 30 * MINUTE, 3),
            new WindowRule("versions-deleted", file(Set.of(5004, 5119)), 30 * MINUTE, 5));
    /** What trash-emptied-after-deletions counts before the trash is emptied, for an hour, limit 3. */
    private static final WindowRule DELETED_ITEMS = new WindowRule("trash-emptied-after-deletions",
            e -> file(DELETIONS).test(e) || entry(e, 2, Set.of(5026, 5027)), 60 * MINUTE, 3);

    private record Key(String rule, String userId) {
    }

    private record Entry(long ts, String item) {
    }

    private static final class Window {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        final Map<String, Integer> counts = new HashMap<>();

        int add(long now, long windowMs, String item) {
            slide(now, windowMs);
            entries.addLast(new Entry(now, item));
            counts.merge(item, 1, Integer::sum);
            return counts.size();
        }

        void slide(long now, long windowMs) {
            while (!entries.isEmpty() && entries.peekFirst().ts() + windowMs <= now) {
                counts.computeIfPresent(entries.pollFirst().item(), (f, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    private final Map<Key, Window> windows = new HashMap<>();
    private final Set<String> flagged = new TreeSet<>();
    private final List<WindowRule> rules;
    private final boolean trashRule;

    /** @param loaded the rules the engine runs; shipped rules not among them are left out here too */
    public ReferenceDetector(Set<String> loaded) {
        this.rules = RULES.stream().filter(r -> loaded.contains(r.name())).toList();
        this.trashRule = loaded.contains(DELETED_ITEMS.name());
    }

    public void accept(AuditEvent event) {
        String item = event.firstTarget();
        if (item == null || event.userId() == null) {
            return;
        }
        for (WindowRule rule : rules) {
            if (rule.counts().test(event)) {
                Window window = windows.computeIfAbsent(new Key(rule.name(), event.userId()), k -> new Window());
                if (window.add(event.ts(), rule.windowMs(), item) > rule.limit()) {
                    flagged.add(rule.name() + " " + event.userId());
                }
            }
        }
        if (!trashRule) {
            return;
        }
        if (DELETED_ITEMS.counts().test(event)) {
            windows.computeIfAbsent(new Key(DELETED_ITEMS.name(), event.userId()), k -> new Window())
                    .add(event.ts(), DELETED_ITEMS.windowMs(), item);
        }
        if (event.actionId() == 5061) {
            Window deleted = windows.get(new Key(DELETED_ITEMS.name(), event.userId()));
            if (deleted != null) {
                deleted.slide(event.ts(), DELETED_ITEMS.windowMs());
                if (deleted.counts.size() > DELETED_ITEMS.limit()) {
                    flagged.add(DELETED_ITEMS.name() + " " + event.userId());
                }
            }
        }
    }

    private static Predicate<AuditEvent> file(Set<Integer> actions) {
        return e -> entry(e, 1, actions);
    }

    private static boolean entry(AuditEvent event, int entryType, Set<Integer> actions) {
        return event.entryType() == entryType && actions.contains(event.actionId());
    }

    /** "rule user" pairs that crossed a threshold at least once. */
    public Set<String> flagged() {
        return flagged;
    }
}
