package io.docspaceguard.bench;

import io.docspaceguard.engine.EventStream;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Runs the same generated events through the rule engine (classification and every loaded rule) and
 * through the plain-Java {@link ReferenceDetector}, and reports throughput, agreement and heap.
 */
public final class Benchmark {
    /** Findings are read back in chunks: a query per event would cost more than the rules. */
    private static final int DRAIN_EVERY = 10_000;
    private static final int WARM_UP_EVENTS = 200_000;

    /** One engine measurement: {@code partitions} rule sessions, each on its own thread when more than one. */
    public record EngineRun(int partitions, double eventsPerSecond, Set<String> flagged, long heapMidMb,
                            long heapEndMb) {
    }

    public record Result(long events, double referenceEventsPerSecond, Set<String> referenceFlagged,
                         List<EngineRun> engineRuns) {
        public boolean agree() {
            return engineRuns.stream().allMatch(run -> run.flagged().equals(referenceFlagged));
        }

        public double ratio(EngineRun run) {
            return run.eventsPerSecond() / referenceEventsPerSecond;
        }
    }

    /**
     * One account changing {@code files} distinct files within ten minutes, through one rule session and through the
     * reference: the rules fire on every file once the burst is over its limit, so this is where their cost per event
     * could grow with the burst. {@code episodeFiles} is the largest bulk-change finding's file count (all of them).
     */
    public record BurstRun(int files, double referenceSeconds, double engineSeconds, boolean sameFlagged,
                           int episodeFiles) {
    }

    /** The span of a measured burst: inside one 10-minute window, so every file counts in the last one. */
    private static final long BURST_SPAN_MS = 590_000;

    private final RuleEngine engine;

    public Benchmark(RuleEngine engine) {
        this.engine = engine;
    }

    /**
     * Both sides are warmed up on a different stream first and see the same generated events; the
     * reference's windows are released before the engine runs, so the heap figures are the engine's.
     * The engine runs once on a single session and, when the engine has more partitions, once on those.
     */
    public Result run(long events, long seed) {
        return run(events, seed, 1);
    }

    /**
     * As {@link #run(long, long)}, each measurement taken {@code repeat} times in turn; the rates are the
     * medians, the heap figures those of the last engine run. One timing of half a second varies by
     * a fifth on a shared machine; the median of a few does not.
     */
    public Result run(long events, long seed, int repeat) {
        var shape = EventGenerator.Shape.standard(events);
        Set<String> loaded = Set.copyOf(engine.active().rules());
        warmUpReference(loaded, seed + 1);
        List<Double> referenceRates = new ArrayList<>();
        Set<String> referenceFlagged = Set.of();
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            referenceFlagged = runReference(loaded, shape, seed);
            referenceRates.add(events / ((System.nanoTime() - start) / 1e9));
        }

        List<EngineRun> runs = new ArrayList<>();
        runs.add(median(repeat, () -> runEngine(1, engine::newSession, shape, seed)));
        if (engine.partitions() > 1) {
            runs.add(median(repeat, () -> runEngine(engine.partitions(), engine::newStream, shape, seed)));
        }
        return new Result(events, median(referenceRates), referenceFlagged, runs);
    }

    /** {@link BurstRun}s of the given sizes, each the median of {@code repeat} timings after one untimed run. */
    public List<BurstRun> bursts(List<Integer> sizes, int repeat) {
        Set<String> loaded = Set.copyOf(engine.active().rules());
        List<BurstRun> runs = new ArrayList<>();
        for (int files : sizes) {
            List<AuditEvent> events = EventGenerator.oneBurst(files, EventGenerator.Shape.standard(1).start(),
                    BURST_SPAN_MS);
            Set<String> referenceFlagged = Set.of();
            Set<String> engineFlagged = new TreeSet<>();
            int episodeFiles = 0;
            List<Double> referenceTimes = new ArrayList<>();
            List<Double> engineTimes = new ArrayList<>();
            for (int i = 0; i <= repeat; i++) {
                long start = System.nanoTime();
                ReferenceDetector reference = new ReferenceDetector(loaded);
                events.forEach(reference::accept);
                double referenceSeconds = (System.nanoTime() - start) / 1e9;
                referenceFlagged = new TreeSet<>(reference.flagged());

                start = System.nanoTime();
                List<Finding> findings = new ArrayList<>();
                try (EventStream stream = engine.newSession()) {
                    events.forEach(stream::insert);
                    findings.addAll(stream.drainFindings());
                }
                double engineSeconds = (System.nanoTime() - start) / 1e9;
                engineFlagged.clear();
                flag(findings, engineFlagged);
                episodeFiles = findings.stream().filter(f -> f.rule().equals("bulk-file-changes"))
                        .mapToInt(f -> f.fileIds().size()).max().orElse(0);
                if (i > 0) { // the first run warms both up
                    referenceTimes.add(referenceSeconds);
                    engineTimes.add(engineSeconds);
                }
            }
            runs.add(new BurstRun(files, median(referenceTimes), median(engineTimes),
                    engineFlagged.equals(referenceFlagged), episodeFiles));
        }
        return runs;
    }

    /** The run with the median rate, carrying the flags of all runs if any disagreed, and the last heap figures. */
    private static EngineRun median(int repeat, Supplier<EngineRun> measure) {
        List<EngineRun> runs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            runs.add(measure.get());
        }
        EngineRun last = runs.get(runs.size() - 1);
        List<Double> rates = runs.stream().map(EngineRun::eventsPerSecond).toList();
        Set<String> flagged = runs.stream().map(EngineRun::flagged).distinct().count() == 1 ? last.flagged()
                : Set.of("runs disagree: " + runs.stream().map(EngineRun::flagged).toList());
        return new EngineRun(last.partitions(), median(rates), flagged, last.heapMidMb(), last.heapEndMb());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private EngineRun runEngine(int partitions, Supplier<EventStream> streams, EventGenerator.Shape shape, long seed) {
        warmUpEngine(streams, seed + 1);
        Set<String> flagged = new TreeSet<>();
        long heapMid = 0;
        long heapEnd;
        double seconds;
        long events = shape.events();
        try (EventStream stream = streams.get()) {
            EventGenerator generator = new EventGenerator(shape, seed);
            long count = 0;
            long start = System.nanoTime();
            while (generator.hasNext()) {
                stream.insert(generator.next());
                if (++count % DRAIN_EVERY == 0) {
                    flag(stream.drainFindings(), flagged);
                }
                if (count == events / 2) {
                    long paused = System.nanoTime();
                    heapMid = heapAfterGcMb();
                    start += System.nanoTime() - paused;
                }
            }
            flag(stream.drainFindings(), flagged);
            seconds = (System.nanoTime() - start) / 1e9;
            heapEnd = heapAfterGcMb();
        }
        return new EngineRun(partitions, events / seconds, flagged, heapMid, heapEnd);
    }

    private static Set<String> runReference(Set<String> loaded, EventGenerator.Shape shape, long seed) {
        ReferenceDetector reference = new ReferenceDetector(loaded);
        new EventGenerator(shape, seed).forEachRemaining(reference::accept);
        return new TreeSet<>(reference.flagged());
    }

    private static void warmUpReference(Set<String> loaded, long seed) {
        for (int i = 0; i < 3; i++) {
            runReference(loaded, EventGenerator.Shape.standard(WARM_UP_EVENTS), seed + i);
        }
    }

    private static void warmUpEngine(Supplier<EventStream> streams, long seed) {
        try (EventStream stream = streams.get()) {
            new EventGenerator(EventGenerator.Shape.standard(WARM_UP_EVENTS), seed).forEachRemaining(stream::insert);
            stream.drainFindings();
        }
    }

    /** Adds the (rule, user) pairs of the findings, as the reference names them. */
    private static void flag(List<Finding> findings, Set<String> flagged) {
        for (Finding finding : findings) {
            flagged.add(finding.rule() + " " + finding.userId());
        }
    }

    private static long heapAfterGcMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    public static void print(List<BurstRun> bursts, PrintWriter out) {
        for (BurstRun burst : bursts) {
            out.printf("one burst, %,d files in 10 min: plain Java %.3f s, rule engine %.3f s (%,.0f events/s), same "
                            + "flagged: %s, largest bulk-change finding %,d files%n", burst.files(),
                    burst.referenceSeconds(), burst.engineSeconds(), burst.files() / burst.engineSeconds(),
                    burst.sameFlagged() ? "yes" : "NO", burst.episodeFiles());
        }
    }

    public static void print(Result r, String rulesVersion, PrintWriter out) {
        out.printf("events:            %,d (rules %s); rates are medians of the repeated runs%n", r.events(),
                rulesVersion);
        out.printf("plain Java:        %,.0f events/s, flagged %d (rule, user) pairs%n", r.referenceEventsPerSecond(),
                r.referenceFlagged().size());
        for (EngineRun run : r.engineRuns()) {
            out.printf("rule engine, %d %s: %,.0f events/s (ratio %.3f), same flagged: %s, heap after GC %d MB "
                            + "half-way, %d MB at the end%n", run.partitions(),
                    run.partitions() == 1 ? "session  " : "sessions ", run.eventsPerSecond(), r.ratio(run),
                    run.flagged().equals(r.referenceFlagged()) ? "yes" : "NO", run.heapMidMb(), run.heapEndMb());
            if (!run.flagged().equals(r.referenceFlagged())) {
                Set<String> onlyReference = new TreeSet<>(r.referenceFlagged());
                onlyReference.removeAll(run.flagged());
                Set<String> onlyEngine = new TreeSet<>(run.flagged());
                onlyEngine.removeAll(r.referenceFlagged());
                out.println("  only reference: " + onlyReference);
                out.println("  only engine:    " + onlyEngine);
            }
        }
    }
}
