package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.SuspiciousName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.KieBase;

/**
 * A compiled, immutable set of rules with the lists kept beside them. {@code version} is a hash of the rule
 * files' names and contents, so the same files always give the same version. What the rules declare about time
 * and scope is in the {@link RuleOutline}: each rule's window, whether raw audit events or suspicious names must
 * be inserted, and which rules correlate several users.
 */
public record RuleSet(KieBase kieBase, String version, List<String> files, List<String> rules, RuleOutline outline,
                      NameLists nameLists, Allowlists allowlists, Map<String, Location> locations, Instant loadedAt) {

    /** Where a rule is declared: its file and the line of its {@code rule} keyword. */
    public record Location(String file, int line) {
    }

    public RuleSet {
        locations = Map.copyOf(locations);
    }

    /** Where the rule is declared; the files in general when the rule is unknown or null. */
    public Location locationOf(String rule) {
        return rule == null ? new Location("*.drl", 0) : locations.getOrDefault(rule, new Location("*.drl", 0));
    }

    /** The longest window a rule of the rule set declares: the sliding window of its longest pattern; 0 when none. */
    public long windowOf(String rule) {
        return rule == null ? 0 : outline.ruleWindows().getOrDefault(rule, 0L);
    }

    /** How far back the rules look at most: stored history a scan replays on each side of new events. */
    public Duration longestWindow() {
        return Duration.ofMillis(outline.longestWindowMillis());
    }

    /** Whether some rule matches raw audit events, which are then inserted for every event. */
    public boolean matchesAuditEvents() {
        return outline.matches(AuditEvent.class);
    }

    /** Whether some rule matches suspicious names and there is a name list to find them with. */
    boolean matchesSuspiciousNames() {
        return outline.matches(SuspiciousName.class) && !nameLists.isEmpty();
    }

    /**
     * Rules whose matches may mix several users; such a rule set runs in one session, where every rule sees
     * every user. Detected from the rules' conditions (see {@link RuleOutline}).
     */
    public Set<String> crossUserRules() {
        return outline.crossUserRules().keySet();
    }

    /** Whether the rule's allowlist (or the one for all rules) holds the account. */
    public boolean allows(String rule, String userId) {
        return allowlists.allows(rule, userId);
    }

    /** Allowed accounts per list, rule (or {@code all-rules}) to user ids. */
    public Map<String, Set<String>> allowlist() {
        return allowlists.asMap();
    }
}
