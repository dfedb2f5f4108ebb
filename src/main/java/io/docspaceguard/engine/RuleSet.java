package io.docspaceguard.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;

/**
 * A compiled, immutable set of rules. {@code version} is a hash of the rule files' names and contents,
 * so the same files always give the same version. {@code matchesAuditEvents} says whether any rule looks at
 * raw {@code AuditEvent} facts, which are then inserted for every event. {@code windowMillis} is, per file
 * activity kind that some rule counts, how long one activity stays in the session (its {@code @expires}).
 */
public record RuleSet(KieBase kieBase, String version, List<String> files, List<String> rules,
                      boolean matchesAuditEvents, Map<String, Long> windowMillis, Map<String, Location> locations,
                      Instant loadedAt) {

    /** Where a rule is declared: its file and the line of its {@code rule} keyword. */
    public record Location(String file, int line) {
    }

    public RuleSet {
        windowMillis = Map.copyOf(windowMillis);
        locations = Map.copyOf(locations);
    }

    /** Where the rule is declared; the files in general when the rule is unknown or null. */
    public Location locationOf(String rule) {
        return rule == null ? new Location("*.drl", 0) : locations.getOrDefault(rule, new Location("*.drl", 0));
    }

    /** The window of an activity kind; 0 when no rule counts that kind or the kind is null. */
    public long windowOf(String activityKind) {
        return activityKind == null ? 0 : windowMillis.getOrDefault(activityKind, 0L);
    }
}
