package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEngineTest {
    private static final long T0 = 1_747_209_600_000L; // 2025-05-14T08:00:00Z

    @TempDir
    Path rules;
    private RuleEngine engine;

    @BeforeEach
    void copyDefaultRules() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.toList()) {
                Files.copy(file, rules.resolve(file.getFileName()));
            }
        }
        engine = new RuleEngine(rules, Clock.systemUTC());
    }

    @Test
    void a_rule_that_calls_system_exit_is_refused_at_reload_with_file_and_line() throws Exception {
        RuleSet good = engine.reload();
        Files.writeString(rules.resolve("exit.drl"), """
                package rules
                import io.docspaceguard.facts.AuditEvent

                rule "exit"
                when
                    AuditEvent( actionId == 5002 )
                then
                    System.exit( 42 );
                end
                """);

        RuleLoadException refused = assertThrows(RuleLoadException.class, engine::reload);

        assertEquals(new RuleError("exit.drl", 8, refused.errors().get(0).message()), refused.errors().get(0));
        assertSame(good, engine.active());
        assertEquals(1, engine.evaluate(burst("anna", 25)).size(), "the old rules still run");
    }

    @Test
    void a_rule_that_fires_itself_for_ever_is_refused_on_its_trial_run_naming_it() throws Exception {
        RuleSet good = engine.reload();
        Files.writeString(rules.resolve("endless.drl"), RuleEngineTestRules.ENDLESS);

        long started = System.nanoTime();
        RuleLoadException refused = assertThrows(RuleLoadException.class, engine::reload);

        RuleError error = refused.errors().get(0);
        assertEquals("endless.drl", error.file());
        assertEquals(5, error.line());
        assertTrue(error.message().contains("'forever'") && error.message().contains("trial run"), error.message());
        assertTrue(System.nanoTime() - started < 30_000_000_000L, "refused in bounded time");
        assertSame(good, engine.active());
    }

    @Test
    void an_evaluation_that_blows_the_budget_is_stopped_naming_the_rule() throws Exception {
        Files.writeString(rules.resolve("mallory.drl"), RuleEngineTestRules.MALLORY_ONLY);
        engine.reload(); // the trial never meets mallory

        RuleBudgetExceededException stopped = assertThrows(RuleBudgetExceededException.class,
                () -> engine.evaluate(burst("mallory", 3)));

        assertEquals("forever-for-mallory", stopped.rule());
        assertEquals(1, engine.evaluate(burst("anna", 25)).size(), "the next evaluation runs as before");
    }

    @Test
    void an_evaluation_over_its_time_budget_is_stopped() throws Exception {
        RuleEngine hurried = new RuleEngine(rules, Clock.systemUTC(), 2,
                RuleBudget.defaults().withTime(java.time.Duration.ofNanos(1)), List::of);
        RuleEngine patient = new RuleEngine(rules, Clock.systemUTC(), 2, RuleBudget.defaults(), List::of);
        patient.reload();
        // A trial run is an evaluation too: within one nanosecond even the shipped rules cannot pass it.
        RuleLoadException refused = assertThrows(RuleLoadException.class, hurried::reload);

        assertTrue(refused.errors().get(0).message().contains("time budget"), refused.errors().toString());
        assertEquals(1, patient.evaluate(burst("anna", 25)).size());
    }

    @Test
    void a_syntax_error_is_refused_with_file_and_line_and_the_old_rules_keep_working() throws Exception {
        RuleSet good = engine.reload();
        Files.writeString(rules.resolve("broken.drl"), """
                package rules

                rule "broken"
                when
                    AuditEvent( actionId == )
                then
                end
                """);

        RuleLoadException refused = assertThrows(RuleLoadException.class, engine::reload);

        RuleError first = refused.errors().get(0);
        assertEquals("broken.drl", first.file());
        assertEquals(5, first.line());
        assertSame(good, engine.active());
        assertEquals(refused.errors(), engine.lastErrors());
        assertEquals(1, engine.evaluate(burst("anna", 25)).size());
    }

    @Test
    void an_unknown_fact_type_is_reported_like_a_build_error() throws Exception {
        Files.writeString(rules.resolve("typo.drl"), """
                package rules

                rule "typo"
                when
                    AuditEvnt( actionId == 5034 )
                then
                end
                """);

        RuleLoadException refused = assertThrows(RuleLoadException.class, engine::reload);

        assertTrue(refused.errors().stream().anyMatch(e -> e.file().equals("typo.drl") && e.line() == 5),
                refused.errors().toString());
    }

    @Test
    void rules_without_the_findings_query_are_refused() throws Exception {
        Path classification = rules.resolve("classification.drl");
        String text = Files.readString(classification);
        Files.writeString(classification, text.substring(0, text.indexOf("query findings")));

        RuleLoadException refused = assertThrows(RuleLoadException.class, engine::reload);

        assertTrue(refused.getMessage().contains("findings"), refused.getMessage());
    }

    @Test
    void a_good_reload_clears_the_last_errors_and_changes_the_version() throws Exception {
        RuleSet first = engine.reload();
        Files.writeString(rules.resolve("broken.drl"), "rule");
        assertThrows(RuleLoadException.class, engine::reload);
        Files.delete(rules.resolve("broken.drl"));
        RuleFiles.setBulkThreshold(rules, 20, 30);

        RuleSet second = engine.reload();

        assertNotEquals(first.version(), second.version());
        assertEquals(List.of(), engine.lastErrors());
        assertEquals(0, engine.evaluate(burst("anna", 25)).size());
        assertEquals(1, engine.evaluate(burst("anna", 31)).size());
    }

    @Test
    void the_version_is_a_hash_of_the_files_and_does_not_change_without_an_edit() throws Exception {
        String version = engine.reload().version();

        assertEquals(version, engine.reload().version());
        assertEquals(version, engine.versionOnDisk());
        assertEquals(12, version.length());
    }

    @Test
    void an_empty_rule_folder_is_an_error() throws Exception {
        try (Stream<Path> files = Files.list(rules)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        RuleLoadException refused = assertThrows(RuleLoadException.class, engine::reload);
        assertTrue(refused.getMessage().contains("no .drl files"), refused.getMessage());
    }

    @Test
    void one_burst_is_one_finding_with_every_file_and_event_of_the_episode() throws Exception {
        engine.reload();

        List<Finding> findings = engine.evaluate(burst("anna", 30));

        assertEquals(1, findings.size());
        Finding finding = findings.get(0);
        assertEquals("bulk-file-changes", finding.rule());
        assertEquals(30, finding.fileIds().size());
        assertEquals(30, finding.eventIds().size());
        assertEquals(T0, finding.windowStart());
        assertEquals(T0 + 29 * 10_000L, finding.windowEnd());
    }

    @Test
    void findings_leave_the_session_as_the_rules_fire_so_a_long_burst_is_held_as_one_episode() throws Exception {
        engine.reload();
        List<AuditEvent> burst = burst("anna", 300);

        try (RuleSession session = new RuleSession(engine.active(), RuleBudget.defaults(),
                Deadline.after(RuleBudget.defaults()))) {
            for (AuditEvent event : burst) {
                session.insert(event);
                // Every event over the limit fires the rule with its whole window; those findings must not pile up.
                assertEquals(0, session.findingsInSession(), "findings held after event " + event.id());
            }
            List<Finding> findings = session.drainFindings().stream()
                    .filter(f -> f.rule().equals("bulk-file-changes")).toList();

            assertEquals(1, findings.size(), findings.toString());
            assertEquals(300, findings.get(0).fileIds().size());
            assertEquals(T0, findings.get(0).windowStart());
            assertEquals(T0 + 299 * 10_000L, findings.get(0).windowEnd());
            assertEquals(List.of(), session.drainFindings(), "drained once");
        }
    }

    @Test
    void a_finding_carries_the_limit_and_the_window_its_rule_states() throws Exception {
        engine.reload();
        String drl = rules.resolve("bulk-file-changes.drl").toString();
        Files.writeString(Path.of(drl), Files.readString(Path.of(drl))
                .replace("return 20;", "return 7;").replace("window:time( 10m )", "window:time( 3m )"));
        engine.reload();

        Finding finding = engine.evaluate(burst("anna", 9)).get(0);

        assertEquals(7, finding.threshold());
        assertEquals(Set.of("change"), finding.itemsByKind().keySet());
        assertEquals(9, finding.itemsByKind().get("change").size());
        assertEquals(3 * 60_000L, finding.windowMillis());
    }

    @Test
    void events_given_out_of_order_are_evaluated_on_event_time() throws Exception {
        engine.reload();
        List<AuditEvent> shuffled = new ArrayList<>(burst("anna", 25));
        java.util.Collections.reverse(shuffled);

        assertEquals(1, engine.evaluate(shuffled).size());
    }

    @Test
    void a_continuous_evaluation_carries_a_burst_from_one_batch_into_the_next() throws Exception {
        engine.reload();
        List<AuditEvent> burst = burst("anna", 30);

        try (RuleEngine.Continuous evaluation = engine.continuous(engine.active())) {
            assertEquals(List.of(), evaluation.next(burst.subList(0, 15)), "15 files are below the limit");
            List<Finding> findings = evaluation.next(burst.subList(15, 30));

            assertEquals(1, findings.size(), "the first 15 files are still in the window");
            assertEquals(30, findings.get(0).fileIds().size());
            assertEquals(T0, findings.get(0).windowStart());
        }
        assertEquals(List.of(), engine.evaluate(burst.subList(15, 30)), "one-off evaluations carry nothing over");
    }

    @Test
    void each_batch_of_a_continuous_evaluation_has_the_whole_time_budget() throws Exception {
        RuleEngine timed = new RuleEngine(rules, Clock.systemUTC(), 2,
                RuleBudget.defaults().withTime(java.time.Duration.ofSeconds(2)), List::of);
        timed.reload();
        List<AuditEvent> burst = burst("anna", 30);

        try (RuleEngine.Continuous evaluation = timed.continuous(timed.active())) {
            evaluation.next(burst.subList(0, 15));
            Thread.sleep(2_500); // longer than the budget: a deadline set once at the start would have passed

            assertEquals(1, evaluation.next(burst.subList(15, 30)).size());
        }
    }

    @Test
    void a_rule_on_raw_audit_events_sees_them_and_the_default_rules_do_not_need_them() throws Exception {
        assertEquals(false, engine.reload().matchesAuditEvents());
        Files.writeString(rules.resolve("folder-deletions.drl"), """
                package rules

                import io.docspaceguard.facts.AuditEvent
                import io.docspaceguard.facts.Finding

                // Folders moved to trash (5026) hide how many files went with them: three are enough.
                rule "folder-deletions"
                when
                    $e : AuditEvent( actionId == 5026, $user : userId )
                    accumulate( $f : AuditEvent( userId == $user, actionId == 5026 ); $n : count( $f ); $n > 2 )
                then
                    insert( new Finding( "folder-deletions", $user, "high", $e.ts(), $e.ts(),
                            java.util.Set.of(), java.util.Set.of( $e.id() ), false ) );
                end
                """);
        RuleSet withRawRule = engine.reload();
        List<AuditEvent> folders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            folders.add(new AuditEvent(i + 1, T0 + i * 1000L, "anna", "anna", 5026, List.of(2), List.of("folder" + i)));
        }

        List<Finding> findings = engine.evaluate(folders);

        assertTrue(withRawRule.matchesAuditEvents());
        // Each of the three folder events is a match of its own once the third arrives.
        assertEquals(3, findings.stream().filter(f -> f.rule().equals("folder-deletions")).count());
    }

    static List<AuditEvent> burst(String user, int files) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            events.add(new AuditEvent(i + 1, T0 + i * 10_000L, user, user, 5034, List.of(1), List.of("f" + i)));
        }
        return events;
    }
}
