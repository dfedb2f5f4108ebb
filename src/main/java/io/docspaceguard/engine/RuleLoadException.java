package io.docspaceguard.engine;

import java.util.List;

/** The rule files did not compile; the previously loaded rule set stays active. */
public class RuleLoadException extends Exception {
    private final transient List<RuleError> errors;

    public RuleLoadException(List<RuleError> errors) {
        super(errors.size() + " rule error(s); first: " + (errors.isEmpty() ? "none" : errors.get(0)));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
