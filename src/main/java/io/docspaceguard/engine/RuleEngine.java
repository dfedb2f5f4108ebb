package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the active rule set and evaluates audit events against it. A reload compiles the rule folder
 * completely and swaps the active rule set only when there was no error; the last errors are kept
 * for /health and /api/rules.
 */
public final class RuleEngine {
    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);

    private static final int DRAIN_EVERY = 10_000;

    private final Path rulesDir;
    private final RuleCompiler compiler;
    private final AtomicReference<RuleSet> active = new AtomicReference<>();
    private final AtomicReference<List<RuleError>> lastErrors = new AtomicReference<>(List.of());

    private final int partitions;

    /** One rule session: every rule sees every user. */
    public RuleEngine(Path rulesDir, Clock clock) {
        this(rulesDir, clock, 1);
    }

    /**
     * @param partitions rule sessions that evaluate events in parallel, split by user; rules that
     *                   correlate several users need 1
     */
    public RuleEngine(Path rulesDir, Clock clock, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        this.rulesDir = rulesDir;
        this.compiler = new RuleCompiler(clock);
        this.partitions = partitions;
    }

    /** Compiles the rule folder; on success it becomes the active rule set, on failure the old one stays. */
    public synchronized RuleSet reload() throws RuleLoadException {
        try {
            RuleSet loaded = compiler.compile(rulesDir);
            RuleSet previous = active.getAndSet(loaded);
            lastErrors.set(List.of());
            log.info("rules loaded version={} previous={} rules={}", loaded.version(),
                    previous == null ? "none" : previous.version(), loaded.rules().size());
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

    /** A fresh session on the active rule set, for streaming events in time order. */
    public RuleSession newSession() {
        return new RuleSession(active());
    }

    /** A fresh stream on the active rule set: one session, or one per partition. */
    public EventStream newStream() {
        return partitions == 1 ? newSession() : new PartitionedStream(active(), partitions);
    }

    public int partitions() {
        return partitions;
    }

    /**
     * Runs the rules over a batch of events on event time and returns the findings, one per episode:
     * a rule fires each time its window changes while above threshold, and findings of the same rule
     * and user whose windows overlap are merged.
     */
    public List<Finding> evaluate(List<AuditEvent> events) {
        List<AuditEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingLong(AuditEvent::ts).thenComparingLong(AuditEvent::id));
        List<Finding> findings = new ArrayList<>();
        try (EventStream stream = newStream()) {
            int inserted = 0;
            for (AuditEvent event : ordered) {
                stream.insert(event);
                // Findings are read back in chunks: a query per event would cost more than the rules.
                if (++inserted % DRAIN_EVERY == 0) {
                    findings.addAll(stream.drainFindings());
                }
            }
            findings.addAll(stream.drainFindings());
        }
        return FindingMerger.merge(findings);
    }
}
