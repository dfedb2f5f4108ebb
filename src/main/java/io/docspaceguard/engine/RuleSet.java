package io.docspaceguard.engine;

import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;

/**
 * A compiled, immutable set of rules. {@code version} is a hash of the rule files' names and contents,
 * so the same files always give the same version. {@code matchesAuditEvents} says whether any rule looks at
 * raw {@code AuditEvent} facts, which are then inserted for every event.
 */
public record RuleSet(KieBase kieBase, String version, List<String> files, List<String> rules,
                      boolean matchesAuditEvents, Instant loadedAt) {
}
