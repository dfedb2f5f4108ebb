package io.docspaceguard.http;

import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleError;
import io.docspaceguard.engine.RuleLoadException;
import io.docspaceguard.engine.RuleSet;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** The loaded rule set, and reloading it from the rule folder. */
final class RuleController {
    record RulesJson(String version, Instant loadedAt, List<String> files, List<String> rules,
                     List<RuleError> lastErrors) {
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
        return new RulesJson(rules.version(), rules.loadedAt(), rules.files(), rules.rules(), engine.lastErrors());
    }
}
