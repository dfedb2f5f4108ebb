package io.docspaceguard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.engine.RuleEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-burst measurement of {@code bench}: both detectors see the burst, and the finding holds all of it. */
class BenchmarkTest {
    @Test
    void a_measured_burst_is_flagged_alike_and_held_whole() throws Exception {
        RuleEngine engine = new RuleEngine(Path.of("rules"), Clock.systemUTC());
        engine.reload();

        List<Benchmark.BurstRun> runs = new Benchmark(engine).bursts(List.of(400), 1);

        assertEquals(1, runs.size());
        Benchmark.BurstRun run = runs.get(0);
        assertEquals(400, run.files());
        assertTrue(run.sameFlagged(), "the engine flags what the plain-Java reference flags");
        assertEquals(400, run.episodeFiles(), "one bulk-change finding with every file of the burst");
        assertTrue(run.engineSeconds() > 0 && run.referenceSeconds() > 0);
        StringWriter printed = new StringWriter();
        Benchmark.print(runs, new PrintWriter(printed, true));
        assertTrue(printed.toString().startsWith("one burst, 400 files in 10 min: plain Java "), printed.toString());
        assertTrue(printed.toString().contains("same flagged: yes, largest bulk-change finding 400 files"),
                printed.toString());
    }
}
