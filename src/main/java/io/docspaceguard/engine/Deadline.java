package io.docspaceguard.engine;

/**
 * The {@link System#nanoTime()} by which the rules must be done with what they were given. A one-off evaluation
 * sets it once; a {@link RuleEngine.Continuous} evaluation moves it on with every batch, so each batch gets the
 * whole time budget however long the stream has run. Read by the sessions' threads, set by the caller.
 */
final class Deadline {
    private volatile long nanos;

    Deadline(long nanos) {
        this.nanos = nanos;
    }

    static Deadline after(RuleBudget budget) {
        return new Deadline(System.nanoTime() + budget.time().toNanos());
    }

    void renew(RuleBudget budget) {
        nanos = System.nanoTime() + budget.time().toNanos();
    }

    long nanos() {
        return nanos;
    }

    boolean passed() {
        return System.nanoTime() - nanos > 0;
    }
}
