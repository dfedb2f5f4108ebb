package io.docspaceguard.http;

import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleError;
import io.docspaceguard.engine.RuleLoadException;
import io.docspaceguard.engine.RuleSet;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The loaded rule set, and reloading it from the rule folder. */
final class RuleController {
    /**
     * @param windowMillis   the window of each rule that declares one; the longest is the history every scan replays
     * @param allowlist      accounts each rule (or {@code all-rules}) never reports, from the {@code *.allow} files
     * @param crossUserRules rules whose matches may mix users, which make the rule set run in one session
     */
    record RulesJson(String version, Instant loadedAt, List<String> files, List<String> rules,
                     Map<String, Long> windowMillis, long longestWindowMillis, Map<String, Set<String>> allowlist,
                     Set<String> crossUserRules, List<RuleError> lastErrors) {
    }

    private final RuleEngine engine;

    RuleController(RuleEngine engine) {
        this.engine = engine;
    }

    void get(Context ctx) {
        ctx.json(describe(engine.active()));
    }

    void reload(Context ctx) {
        try {
            ctx.json(describe(engine.reload()));
        } catch (RuleLoadException e) {
            throw new ApiException(422, "rule_errors", "the rules did not compile; version "
                    + engine.active().version() + " stays active", null, e.errors());
        }
    }

    private RulesJson describe(RuleSet rules) {
        Map<String, Long> windows = new TreeMap<>();
        rules.rules().stream().filter(rule -> rules.windowOf(rule) > 0)
                .forEach(rule -> windows.put(rule, rules.windowOf(rule)));
        return new RulesJson(rules.version(), rules.loadedAt(), rules.files(), rules.rules(), windows,
                rules.longestWindow().toMillis(), new TreeMap<>(rules.allowlist()), new TreeSet<>(rules.crossUserRules()),
                engine.lastErrors());
    }
}
