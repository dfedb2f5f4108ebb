package io.docspaceguard.bench;

import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleSession;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the same generated events through the rule engine (classification and every loaded rule) and
 * through the plain-Java {@link ReferenceDetector}, and reports throughput, agreement and heap.
 */
public final class Benchmark {
    /** Findings are read back in chunks: a query per event would cost more than the rules. */
    private static final int DRAIN_EVERY = 10_000;
    private static final int WARM_UP_EVENTS = 200_000;

    public record Result(long events, double referenceEventsPerSecond, double engineEventsPerSecond,
                         Set<String> referenceFlagged, Set<String> engineFlagged, long heapMidMb, long heapEndMb) {
        public boolean agree() {
            return referenceFlagged.equals(engineFlagged);
        }

        public double ratio() {
            return engineEventsPerSecond / referenceEventsPerSecond;
        }
    }

    private final RuleEngine engine;

    public Benchmark(RuleEngine engine) {
        this.engine = engine;
    }

    /**
     * Both sides are warmed up on a different stream first and see the same generated events; the
     * reference's windows are released before the engine runs, so the heap figures are the engine's.
     */
    public Result run(long events, long seed) {
        var shape = EventGenerator.Shape.standard(events);
        warmUpReference(seed + 1);
        long start = System.nanoTime();
        Set<String> referenceFlagged = runReference(shape, seed);
        double referenceSeconds = (System.nanoTime() - start) / 1e9;

        warmUpEngine(seed + 1);
        Set<String> engineFlagged = new TreeSet<>();
        long heapMid = 0;
        long heapEnd;
        double engineSeconds;
        try (RuleSession session = engine.newSession()) {
            EventGenerator generator = new EventGenerator(shape, seed);
            long count = 0;
            start = System.nanoTime();
            while (generator.hasNext()) {
                session.insert(generator.next());
                if (++count % DRAIN_EVERY == 0) {
                    collect(session, engineFlagged);
                }
                if (count == events / 2) {
                    long paused = System.nanoTime();
                    heapMid = heapAfterGcMb();
                    start += System.nanoTime() - paused;
                }
            }
            collect(session, engineFlagged);
            engineSeconds = (System.nanoTime() - start) / 1e9;
            heapEnd = heapAfterGcMb();
        }
        return new Result(events, events / referenceSeconds, events / engineSeconds,
                referenceFlagged, engineFlagged, heapMid, heapEnd);
    }

    private static Set<String> runReference(EventGenerator.Shape shape, long seed) {
        ReferenceDetector reference = new ReferenceDetector();
        new EventGenerator(shape, seed).forEachRemaining(reference::accept);
        return new TreeSet<>(reference.flagged());
    }

    private static void warmUpReference(long seed) {
        for (int i = 0; i < 3; i++) {
            runReference(EventGenerator.Shape.standard(WARM_UP_EVENTS), seed + i);
        }
    }

    private void warmUpEngine(long seed) {
        try (RuleSession session = engine.newSession()) {
            new EventGenerator(EventGenerator.Shape.standard(WARM_UP_EVENTS), seed).forEachRemaining(session::insert);
            session.drainFindings();
        }
    }

    private static void collect(RuleSession session, Set<String> flagged) {
        for (Finding finding : session.drainFindings()) {
            flagged.add(finding.rule() + " " + finding.userId());
        }
    }

    private static long heapAfterGcMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    public static void print(Result r, String rulesVersion, PrintWriter out) {
        out.printf("events:            %,d (rules %s)%n", r.events(), rulesVersion);
        out.printf("plain Java:        %,.0f events/s%n", r.referenceEventsPerSecond());
        out.printf("rule engine:       %,.0f events/s (ratio %.3f)%n", r.engineEventsPerSecond(), r.ratio());
        out.printf("flagged:           reference %d, engine %d, same: %s%n", r.referenceFlagged().size(),
                r.engineFlagged().size(), r.agree() ? "yes" : "NO");
        if (!r.agree()) {
            Set<String> onlyReference = new TreeSet<>(r.referenceFlagged());
            onlyReference.removeAll(r.engineFlagged());
            Set<String> onlyEngine = new TreeSet<>(r.engineFlagged());
            onlyEngine.removeAll(r.referenceFlagged());
            out.println("only reference:    " + onlyReference);
            out.println("only engine:       " + onlyEngine);
        }
        out.printf("heap after GC:     %d MB at half-way, %d MB at the end%n", r.heapMidMb(), r.heapEndMb());
    }

}
