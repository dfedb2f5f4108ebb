package io.docspaceguard.engine;

import java.time.Duration;

/**
 * How much work one evaluation of the rules may do: at most {@code baseFirings} plus {@code firingsPerEvent}
 * for every event a session has taken in, and at most {@code time} in all. The default rules fire a few times
 * per event; a rule that loops (inserting facts that make it fire again) or crawls exceeds the budget and is
 * stopped instead of taking the service with it.
 */
public record RuleBudget(int baseFirings, int firingsPerEvent, Duration time) {
    public static final int DEFAULT_BASE_FIRINGS = 10_000;
    public static final int DEFAULT_FIRINGS_PER_EVENT = 100;
    public static final Duration DEFAULT_TIME = Duration.ofSeconds(60);

    public RuleBudget {
        if (baseFirings < 1 || firingsPerEvent < 1 || time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("a rule budget needs positive firings and time");
        }
    }

    public static RuleBudget defaults() {
        return new RuleBudget(DEFAULT_BASE_FIRINGS, DEFAULT_FIRINGS_PER_EVENT, DEFAULT_TIME);
    }

    public RuleBudget withTime(Duration time) {
        return new RuleBudget(baseFirings, firingsPerEvent, time);
    }

    /** The firings allowed to a session that has taken in {@code events} events. */
    long firingsFor(long events) {
        return baseFirings + (long) firingsPerEvent * events;
    }
}
