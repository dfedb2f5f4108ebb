package io.docspaceguard.engine;

/** An evaluation was stopped because the rules did more work than their {@link RuleBudget} allows. */
public class RuleBudgetExceededException extends RuntimeException {
    private final String rule;

    public RuleBudgetExceededException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** The rule that did most of the work, the one to look at; null when no rule had fired. */
    public String rule() {
        return rule;
    }
}
