package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rules folder declares besides rules: windows read from the rules themselves, name lists, allowlists,
 * and rules that correlate users.
 */
class RuleFolderTest {
    private static final long T0 = 1_747_209_600_000L;
    private static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";

    @TempDir
    Path rules;

    @BeforeEach
    void copyShippedRules() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.toList()) {
                Files.copy(file, rules.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void the_replayed_history_follows_the_longest_window_the_rules_declare() throws Exception {
        RuleEngine engine = new RuleEngine(rules, Clock.systemUTC());
        RuleSet shipped = engine.reload();
        assertEquals(Duration.ofHours(3), shipped.longestWindow());
        assertEquals(Duration.ofMinutes(10).toMillis(), shipped.windowOf("bulk-file-changes"));
        assertEquals(Duration.ofHours(2).toMillis(), shipped.windowOf("sustained-changes"));

        Path downloads = rules.resolve("sustained-downloads.drl");
        Files.writeString(downloads, Files.readString(downloads).replace("window:time( 3h )", "window:time( 4h30m )"));

        assertEquals(Duration.ofMinutes(270), engine.reload().longestWindow());
    }

    @Test
    void a_pattern_on_activities_without_a_window_is_refused_with_file_and_line() throws Exception {
        Files.writeString(rules.resolve("unbounded.drl"), """
                package rules
                import io.docspaceguard.facts.ActiveUser
                import io.docspaceguard.facts.FileShare
                import io.docspaceguard.facts.Finding

                rule "unbounded"
                when
                    ActiveUser( $user : userId )
                    accumulate( $s : FileShare( userId == $user ); $n : count( $s ); $n > 1000 )
                then
                end
                """);

        RuleLoadException e = assertThrows(RuleLoadException.class, () -> new RuleEngine(rules, Clock.systemUTC()).reload());

        assertEquals("unbounded.drl", e.errors().get(0).file());
        assertEquals(9, e.errors().get(0).line());
        assertTrue(e.errors().get(0).message().contains("without a window"), e.errors().get(0).message());
    }

    @Test
    void a_rule_that_matches_several_users_together_makes_the_rule_set_run_in_one_session() throws Exception {
        Files.writeString(rules.resolve("shared-file-storm.drl"), """
                package rules
                import io.docspaceguard.facts.FileChange
                import io.docspaceguard.facts.Finding
                import accumulate io.docspaceguard.engine.ActivityWindowFunction activityWindow

                // Ten accounts changing files within a minute: a compromised sync tool spreading.
                rule "shared-file-storm"
                when
                    $first : FileChange( $user : userId ) over window:time( 1m )
                    accumulate( $a : FileChange( userId != $user ) over window:time( 1m );
                                $window : activityWindow( $a );
                                $window.fileCount() > 9 )
                then
                    insert( Finding.of( "shared-file-storm", $user, "high", 9, $window.activities(), false ) );
                end
                """);
        RuleEngine engine = new RuleEngine(rules, Clock.systemUTC(), 4);
        RuleSet loaded = engine.reload();
        List<AuditEvent> storm = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            storm.add(new AuditEvent(u + 1, T0 + u * 1000L, "user-" + u, "user-" + u, 5034, List.of(1),
                    List.of("file-" + u)));
        }

        List<Finding> findings = engine.evaluate(storm);

        assertEquals(Set.of("shared-file-storm"), loaded.crossUserRules());
        assertTrue(findings.stream().anyMatch(f -> f.rule().equals("shared-file-storm")),
                "twelve users spread over four partitions are still seen together: " + findings);
        assertTrue(engine.active().crossUserRules().size() == 1 && engine.partitions() == 4);
    }

    @Test
    void a_rule_on_any_activity_sees_every_kind_even_those_no_other_rule_counts() throws Exception {
        Files.writeString(rules.resolve("any-activity.drl"), """
                package rules
                import io.docspaceguard.facts.FileActivity
                import io.docspaceguard.facts.Finding

                declare FileActivity @role( event ) @timestamp( ts ) end

                rule "any-activity"
                when
                    $a : FileActivity( fileId == "watched" ) over window:time( 1m )
                then
                    insert( Finding.of( "any-activity", $a.userId(), "low", 0, java.util.List.of( $a ), false ) );
                end
                """);
        Files.delete(rules.resolve("versions-deleted.drl"));
        Files.delete(rules.resolve("versions-deleted.test.json"));
        RuleEngine engine = new RuleEngine(rules, Clock.systemUTC());
        engine.reload();

        List<Finding> findings = engine.evaluate(List.of(
                new AuditEvent(1, T0, ANNA, "Anna", 5004, List.of(1), List.of("watched"))));

        assertEquals(List.of("any-activity"), findings.stream().map(Finding::rule).toList(),
                "a version deletion reaches the rule though no rule counts VersionDeletion itself");
    }

    @Test
    void the_shipped_rules_are_all_per_user() throws Exception {
        assertEquals(Set.of(), new RuleEngine(rules, Clock.systemUTC()).reload().crossUserRules());
    }

    @Test
    void an_allowed_account_never_gets_a_finding_of_that_rule_and_still_gets_the_others() throws Exception {
        Files.writeString(rules.resolve("bulk-file-changes.allow"), """
                # The nightly sync of the finance share (ticket OPS-123)
                %s
                """.formatted(ANNA.toUpperCase()));
        RuleEngine engine = new RuleEngine(rules, Clock.systemUTC());
        engine.reload();
        List<AuditEvent> events = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            events.add(new AuditEvent(n + 1, T0 + n * 5_000L, ANNA, "Anna", 5017, List.of(1), List.of("f" + n)));
        }

        List<String> rulesFound = engine.evaluate(events).stream().map(Finding::rule).toList();

        assertEquals(List.of("mass-deletion"), rulesFound, "trashing is a change too, but that rule allows her");
        assertEquals(Map.of("bulk-file-changes", Set.of(ANNA)), engine.active().allowlist());
    }

    @Test
    void an_allowlist_with_a_bad_line_or_for_no_rule_is_refused_with_file_and_line() throws Exception {
        Files.writeString(rules.resolve("mass-download.allow"), "# sync\nanna@example.com\n");
        Files.writeString(rules.resolve("no-such-rule.allow"), ANNA + "\n");

        RuleLoadException e = assertThrows(RuleLoadException.class, () -> new RuleEngine(rules, Clock.systemUTC()).reload());

        assertEquals(2, e.errors().size(), e.errors().toString());
        assertTrue(e.errors().stream().anyMatch(r -> r.file().equals("mass-download.allow") && r.line() == 2));
        assertTrue(e.errors().stream().anyMatch(r -> r.file().equals("no-such-rule.allow")
                && r.message().contains("no rule named 'no-such-rule'")));
    }

    @Test
    void name_lists_match_the_last_extension_or_the_one_before_it_and_whole_note_names() throws Exception {
        NameLists lists = NameLists.of(Map.of(
                "ransomware.extensions", "# families\n.WNCRY\nlocked  # many\n",
                "notes.filenames", "how_to_decrypt*\n!!!read_me!!!.txt\n"));

        assertEquals(List.of(new NameLists.Match("ransomware", "wncry")), lists.matches("File Uploaded: q3.xlsx.wncry"));
        assertEquals(List.of(new NameLists.Match("ransomware", "wncry")),
                lists.matches("File Renamed: q3.xlsx.WNCRY.xlsx"), "DocSpace keeps the old extension on rename");
        assertEquals(List.of(new NameLists.Match("ransomware", "locked")),
                lists.matches("Files [budget.locked]. Moved From Folder \"A\" To Folder: \"B\""));
        assertEquals(List.of(new NameLists.Match("notes", "how_to_decrypt_files.html")),
                lists.matches("File Uploaded: HOW_TO_DECRYPT_FILES.html"));
        assertEquals(List.of(new NameLists.Match("notes", "!!!read_me!!!.txt")),
                lists.matches("Datei hochgeladen: !!!READ_ME!!!.txt"), "the template is localized, the name is not");
        assertEquals(List.of(), lists.matches("File Uploaded: wncry.report.final.pdf"), "not an extension there");
        assertEquals(List.of(), lists.matches("File Uploaded: locked-accounts.xlsx"));
        assertEquals(List.of(), lists.matches(null));
    }

    @Test
    void a_name_list_line_that_cannot_be_a_name_is_refused_with_file_and_line() {
        RuleLoadException e = assertThrows(RuleLoadException.class,
                () -> NameLists.of(Map.of("x.filenames", "ok.txt\nhow to decrypt.txt\n")));

        assertEquals("x.filenames", e.errors().get(0).file());
        assertEquals(2, e.errors().get(0).line());
    }

    @Test
    void editing_a_name_list_changes_the_rule_set_version() throws Exception {
        RuleEngine engine = new RuleEngine(rules, Clock.systemUTC());
        String before = engine.reload().version();

        Files.writeString(rules.resolve("ransomware.extensions"), "\nnewfamily\n",
                java.nio.file.StandardOpenOption.APPEND);

        assertTrue(!before.equals(engine.versionOnDisk()), "the watcher reloads on a list edit as on a rule edit");
    }
}
