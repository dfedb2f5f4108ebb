package io.docspaceguard.engine;

import io.docspaceguard.docspace.Person;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Accounts a rule never reports, kept in the rules folder as {@code <rule>.allow} (or {@code all-rules.allow}
 * for every rule): one DocSpace user id per line, {@code #} starts a comment that should say who the account is
 * and why it is allowed (a sync tool, a backup service). Findings of an allowed account are dropped before they
 * become incidents; the engine still evaluates them, so removing a line takes effect at the next reload.
 */
public final class Allowlists {
    static final String SUFFIX = ".allow";
    static final String ALL_RULES = "all-rules";

    private final Map<String, Set<String>> byRule;

    private Allowlists(Map<String, Set<String>> byRule) {
        this.byRule = byRule;
    }

    static Allowlists none() {
        return new Allowlists(Map.of());
    }

    /** Reads every allowlist; an unknown rule or a line that is not a user id is an error with its place. */
    static Allowlists of(Map<String, String> files, List<String> rules) throws RuleLoadException {
        Map<String, Set<String>> byRule = new HashMap<>();
        List<RuleError> errors = new ArrayList<>();
        files.forEach((file, text) -> {
            if (!file.endsWith(SUFFIX)) {
                return;
            }
            String rule = file.substring(0, file.length() - SUFFIX.length());
            if (!rule.equals(ALL_RULES) && !rules.contains(rule)) {
                errors.add(new RuleError(file, 0, "no rule named '" + rule + "' (name the file <rule>" + SUFFIX
                        + " or " + ALL_RULES + SUFFIX + ")"));
                return;
            }
            for (ListFile.Entry entry : ListFile.entries(text)) {
                if (Person.isUserId(entry.value())) {
                    byRule.computeIfAbsent(rule, r -> new HashSet<>()).add(entry.value());
                } else {
                    errors.add(new RuleError(file, entry.line(), "'" + entry.value() + "' is not a DocSpace user id "
                            + "(8-4-4-4-12 hexadecimal digits)"));
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        byRule.replaceAll((rule, users) -> Set.copyOf(users));
        return new Allowlists(Map.copyOf(byRule));
    }

    boolean allows(String rule, String userId) {
        String user = userId == null ? "" : userId.toLowerCase(Locale.ROOT);
        return byRule.getOrDefault(rule, Set.of()).contains(user)
                || byRule.getOrDefault(ALL_RULES, Set.of()).contains(user);
    }

    /** The allowed accounts of each list, for the API: rule (or {@code all-rules}) to user ids. */
    Map<String, Set<String>> asMap() {
        return byRule;
    }
}
