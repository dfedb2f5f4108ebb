package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleWatcherTest {
    /** Long enough that the timer never fires during a test that calls {@link RuleWatcher#check()} itself. */
    static final long NEVER = Duration.ofHours(1).toMillis();
    static final Duration PATIENCE = Duration.ofSeconds(5);

    @TempDir
    Path rules;
    private RuleEngine engine;
    private RuleWatcher watcher;

    @BeforeEach
    void load() throws IOException, RuleLoadException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.toList()) {
                Files.copy(file, rules.resolve(file.getFileName()));
            }
        }
        engine = new RuleEngine(rules, Clock.systemUTC());
        engine.reload();
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void an_edited_rule_file_becomes_active_within_a_few_periods() throws IOException {
        String before = engine.active().version();
        assertEquals(1, findings(25).size());
        watcher = new RuleWatcher(engine).start(50);

        RuleFiles.setBulkThreshold(rules, 20, 30);

        waitUntil(() -> !engine.active().version().equals(before));
        assertEquals(List.of(), findings(25), "the edited threshold (> 30) is in force");
        assertEquals(1, findings(31).size());
        assertEquals(List.of(), engine.lastErrors());
    }

    @Test
    void a_broken_rule_file_leaves_the_active_rules_and_reports_the_error() throws IOException {
        String before = engine.active().version();
        watcher = new RuleWatcher(engine).start(50);

        Files.writeString(rules.resolve("broken.drl"),
                "package rules\n\nrule \"broken\"\nwhen\n    AuditEvent( actionId == )\nthen\nend\n");

        waitUntil(() -> !engine.lastErrors().isEmpty());
        assertEquals(before, engine.active().version());
        RuleError first = engine.lastErrors().get(0);
        assertEquals("broken.drl", first.file());
        assertEquals(5, first.line());
        assertEquals(1, findings(25).size(), "the old rules keep working");
    }

    @Test
    void fixing_a_broken_file_reloads_and_clears_the_errors() throws IOException {
        watcher = new RuleWatcher(engine).start(50);
        Path broken = rules.resolve("broken.drl");
        Files.writeString(broken, "package rules\n\nrule \"broken\"\nwhen\n    AuditEvent( actionId == )\nthen\nend\n");
        waitUntil(() -> !engine.lastErrors().isEmpty());

        Files.delete(broken);
        RuleFiles.setBulkThreshold(rules, 20, 30);

        waitUntil(() -> engine.lastErrors().isEmpty());
        assertEquals(List.of(), findings(25));
    }

    @Test
    void a_file_that_keeps_changing_is_reloaded_only_once_it_is_stable() throws IOException, RuleLoadException {
        String before = engine.active().version();
        watcher = new RuleWatcher(engine).start(NEVER);
        List<String> versions = new ArrayList<>();

        int current = 20;
        for (int threshold : List.of(21, 22, 23, 30)) {
            RuleFiles.setBulkThreshold(rules, current, threshold);
            current = threshold;
            watcher.check();
            versions.add(engine.active().version());
        }
        assertEquals(List.of(before, before, before, before), versions, "no reload while the folder changes");
        String last = engine.versionOnDisk();

        watcher.check();

        assertEquals(last, engine.active().version(), "the last, stable content is loaded");
        assertEquals(List.of(), findings(25));
        watcher.check();
        assertEquals(last, engine.active().version());
    }

    @Test
    void an_unchanged_folder_is_not_reloaded() throws RuleLoadException {
        RuleSet loaded = engine.active();
        watcher = new RuleWatcher(engine).start(NEVER);

        watcher.check();
        watcher.check();

        assertTrue(loaded == engine.active(), "the same rule set object stays active");
    }

    /** Findings for one user changing {@code files} distinct files 5 s apart. */
    private List<Finding> findings(int files) {
        List<AuditEvent> events = new ArrayList<>();
        for (int n = 0; n < files; n++) {
            events.add(new AuditEvent(n + 1, 1_747_209_600_000L + n * 5_000L, "anna", "Anna", 5002, List.of(1),
                    List.of("file-" + n)));
        }
        return engine.evaluate(events).stream().filter(f -> f.rule().equals("bulk-file-changes")).toList();
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
