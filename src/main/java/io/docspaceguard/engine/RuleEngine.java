package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the active rule set and evaluates audit events against it. A reload checks the rule files (nothing
 * outside the rules' world), compiles them completely and trial-runs the candidate on recent and synthetic
 * events under the {@link RuleBudget}; only a set that passes all three replaces the active one. The last
 * errors are kept for /health and /api/rules. Every evaluation runs under the same budget.
 */
public final class RuleEngine {
    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);

    private static final int DRAIN_EVERY = 10_000;

    private final Path rulesDir;
    private final RuleCompiler compiler;
    private final AtomicReference<RuleSet> active = new AtomicReference<>();
    private final AtomicReference<List<RuleError>> lastErrors = new AtomicReference<>(List.of());

    private final int partitions;
    private final RuleBudget budget;
    private final Supplier<List<AuditEvent>> recentEvents;

    /** One rule session: every rule sees every user. */
    public RuleEngine(Path rulesDir, Clock clock) {
        this(rulesDir, clock, 1);
    }

    /** As below, with the default budget and trial runs on synthetic events only. */
    public RuleEngine(Path rulesDir, Clock clock, int partitions) {
        this(rulesDir, clock, partitions, RuleBudget.defaults(), List::of);
    }

    /**
     * @param partitions   rule sessions that evaluate events in parallel, split by user; a rule set with
     *                     rules that correlate several users runs in one
     * @param budget       the work one evaluation may do
     * @param recentEvents recent stored events, for trial runs of a new rule set
     */
    public RuleEngine(Path rulesDir, Clock clock, int partitions, RuleBudget budget,
                      Supplier<List<AuditEvent>> recentEvents) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        this.rulesDir = rulesDir;
        this.compiler = new RuleCompiler(clock);
        this.partitions = partitions;
        this.budget = budget;
        this.recentEvents = recentEvents;
    }

    /**
     * Checks, compiles and trial-runs the rule folder; on success it becomes the active rule set, on failure
     * the old one stays.
     */
    public synchronized RuleSet reload() throws RuleLoadException {
        try {
            RuleSet loaded = compiler.compile(rulesDir);
            trial(loaded);
            RuleSet previous = active.getAndSet(loaded);
            lastErrors.set(List.of());
            log.info("rules loaded version={} previous={} rules={} longestWindow={}", loaded.version(),
                    previous == null ? "none" : previous.version(), loaded.rules().size(), loaded.longestWindow());
            if (partitions > 1 && !loaded.crossUserRules().isEmpty()) {
                log.warn("rules {} match several users' activity together: they run in one session instead of {} "
                        + "partitions, so that they see every user", loaded.crossUserRules(), partitions);
            }
            return loaded;
        } catch (RuleLoadException e) {
            lastErrors.set(e.errors());
            log.warn("rules rejected errors={} first={} active={}", e.errors().size(), e.errors().get(0),
                    active.get() == null ? "none" : active.get().version());
            throw e;
        }
    }

    /** The version a reload would produce now, without compiling; used to notice edited files. */
    public String versionOnDisk() throws RuleLoadException {
        return RuleCompiler.version(RuleCompiler.readSources(rulesDir));
    }

    public RuleSet active() {
        RuleSet ruleSet = active.get();
        if (ruleSet == null) {
            throw new IllegalStateException("no rules loaded from " + rulesDir);
        }
        return ruleSet;
    }

    public List<RuleError> lastErrors() {
        return lastErrors.get();
    }

    public Path rulesDir() {
        return rulesDir;
    }

    /** A fresh session on the active rule set, for streaming events in time order, on the caller's thread. */
    public RuleSession newSession() {
        return new RuleSession(active(), budget, Deadline.after(budget));
    }

    /** A fresh stream on the active rule set: one session per partition, each on a thread of its own. */
    public EventStream newStream() {
        return stream(active(), Deadline.after(budget));
    }

    public int partitions() {
        return partitions;
    }

    /** What one evaluation found, with the rule set that found it (a reload may swap the active one meanwhile). */
    public record Evaluation(RuleSet ruleSet, List<Finding> findings) {
    }

    /**
     * Runs the active rules over a batch of events on event time and returns the findings, one per episode:
     * a rule fires each time its window changes while above threshold, and findings of the same rule
     * and user whose windows overlap are merged.
     */
    public Evaluation run(List<AuditEvent> events) {
        return run(active(), events);
    }

    /** As {@link #run(List)} on a rule set the caller took from {@link #active()} before. */
    public Evaluation run(RuleSet ruleSet, List<AuditEvent> events) {
        return new Evaluation(ruleSet, evaluate(ruleSet, events));
    }

    /** The findings of {@link #run}, for callers that need not know the rule set's version. */
    public List<Finding> evaluate(List<AuditEvent> events) {
        return run(events).findings();
    }

    /**
     * @throws RuleBudgetExceededException the rules did more work than the budget allows; nothing they found
     *                                     is returned
     */
    private List<Finding> evaluate(RuleSet ruleSet, List<AuditEvent> events) {
        try (Continuous evaluation = continuous(ruleSet)) {
            return evaluation.next(events);
        }
    }

    /**
     * An evaluation of consecutive batches on one rule set, the rules' state carried from one batch to the next: each
     * event goes in once, however many later batches its windows reach into. A long read (a backfill, a catch-up)
     * costs the rules its events, not its events again with every batch's context. Each batch has the whole time
     * budget; the firing budget grows with the events taken in.
     */
    public Continuous continuous(RuleSet ruleSet) {
        Deadline deadline = Deadline.after(budget);
        return new Continuous(ruleSet, stream(ruleSet, deadline), deadline);
    }

    /** See {@link #continuous}. One caller at a time; batches come in time order. */
    public final class Continuous implements AutoCloseable {
        private final RuleSet ruleSet;
        private final EventStream stream;
        private final Deadline deadline;

        private Continuous(RuleSet ruleSet, EventStream stream, Deadline deadline) {
            this.ruleSet = ruleSet;
            this.stream = stream;
            this.deadline = deadline;
        }

        public RuleSet ruleSet() {
            return ruleSet;
        }

        /**
         * Inserts the batch in time order (an event older than what came before is evaluated at the later time) and
         * returns what the rules found since the last batch, one finding per episode (see {@link #run}).
         *
         * @throws RuleBudgetExceededException the rules did more work than the budget allows; the evaluation cannot
         *                                     go on
         */
        public List<Finding> next(List<AuditEvent> batch) {
            deadline.renew(budget);
            List<AuditEvent> ordered = new ArrayList<>(batch);
            ordered.sort(Comparator.comparingLong(AuditEvent::ts).thenComparingLong(AuditEvent::id));
            List<Finding> findings = new ArrayList<>();
            int inserted = 0;
            for (AuditEvent event : ordered) {
                stream.insert(event);
                // Findings are read back in chunks: a query per event would cost more than the rules.
                if (++inserted % DRAIN_EVERY == 0) {
                    findings.addAll(stream.drainFindings());
                }
            }
            findings.addAll(stream.drainFindings());
            return FindingMerger.merge(findings);
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    /**
     * Runs a candidate rule set over the most recent stored events and a synthetic burst of every kind of
     * activity: a set that blows the budget, or fails, there would fail every scan, so it is refused.
     */
    private void trial(RuleSet candidate) throws RuleLoadException {
        List<AuditEvent> events = new ArrayList<>(recentEvents.get());
        events.addAll(TrialEvents.burstAfter(events));
        try {
            evaluate(candidate, events);
        } catch (RuleBudgetExceededException e) {
            RuleSet.Location at = candidate.locationOf(e.rule());
            throw new RuleLoadException(List.of(new RuleError(at.file(), at.line(), "refused on a trial run over "
                    + events.size() + " recent and synthetic events: " + e.getMessage())));
        } catch (RuntimeException e) {
            throw new RuleLoadException(List.of(new RuleError("*.drl", 0, "the rules failed on a trial run over "
                    + events.size() + " recent and synthetic events: " + e)));
        }
    }

    /** Per-user partitions, unless a rule correlates several users: then one session sees every user. */
    private EventStream stream(RuleSet ruleSet, Deadline deadline) {
        int sessions = ruleSet.crossUserRules().isEmpty() ? partitions : 1;
        return new PartitionedStream(ruleSet, sessions, budget, deadline);
    }
}
