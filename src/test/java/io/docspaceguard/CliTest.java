package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.alert.LogCapture;
import io.docspaceguard.docspace.FakeDocSpace;
import io.docspaceguard.store.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator sees it: exit codes and what is printed on stdout and stderr. */
class CliTest {
    static final String SYSTEM_ACCOUNT = "a37ee56e-3302-4a7b-b67e-ddbea64cd032";
    static final String TOKENS = "vera:viewer:viewer-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WIRE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXX");

    @TempDir
    Path dir;
    Path rules;

    /** What one run of the command line did. */
    record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @BeforeEach
    void copyRules() throws IOException {
        rules = Files.createDirectory(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.toList()) {
                Files.copy(file, rules.resolve(file.getFileName()));
            }
        }
    }

    // ---- serve: configuration errors -----------------------------------------------------------

    @Test
    void serve_without_a_portal_url_exits_2_with_one_line_naming_DOCSPACE_API_HOST_and_pointing_to_demo() {
        Run run = serve(Map.of());

        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("DOCSPACE_API_HOST"), run.err());
        assertTrue(run.err().contains("docspace-guard.jar demo"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void starting_without_a_command_is_serve_and_checks_the_configuration_the_same_way() {
        Run run = cli(Map.of());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("DOCSPACE_API_HOST"), run.err());
    }

    @Test
    void serve_with_a_malformed_scan_interval_exits_2_naming_GUARD_SCAN_INTERVAL() {
        Map<String, String> env = portalEnv();
        env.put("GUARD_API_TOKENS", TOKENS);
        env.put("GUARD_SCAN_INTERVAL", "every minute");

        Run run = serve(env);

        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("GUARD_SCAN_INTERVAL"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void serve_without_api_tokens_exits_2_naming_GUARD_API_TOKENS() {
        Run run = serve(portalEnv());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("GUARD_API_TOKENS"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void demo_rejects_a_zero_scenario_interval_before_starting_anything() {
        Run run = cli(rulesEnv(), "demo", "--scenario-every", "PT0S");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--scenario-every"), run.err());
        assertEquals("", run.out());
    }

    // ---- rules test ------------------------------------------------------------------------------

    @Test
    void rules_test_on_the_shipped_rules_passes_every_scenario() {
        Run run = cli(rulesEnv(), "rules", "test");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> lines = run.outLines();
        String closing = lines.get(lines.size() - 1);
        assertTrue(closing.matches("rules: \\d+ passed, 0 failed"), closing);
        assertTrue(lines.get(lines.size() - 2).matches("rule set [0-9a-f]{12}"), run.out());
        int passed = Integer.parseInt(closing.replaceAll(".*: (\\d+) passed.*", "$1"));
        assertEquals(lines.size() - 2, passed);
        assertTrue(passed > 10, closing);
        assertTrue(lines.stream().limit(passed).allMatch(l -> l.startsWith("PASS ")), run.out());
    }

    @Test
    void rules_test_exits_1_and_names_the_scenario_whose_expectation_is_broken() throws IOException {
        Path scenarios = rules.resolve("bulk-file-changes.test.json");
        String text = Files.readString(scenarios);
        String broken = text.replace("\"findings\": [{\"userId\": \"anna\", \"fileCount\": 25, ",
                "\"findings\": [{\"userId\": \"anna\", \"fileCount\": 26, ");
        assertFalse(broken.equals(text), "the scenario file no longer has the expected text");
        Files.writeString(scenarios, broken);

        Run run = cli(rulesEnv(), "rules", "test");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        List<String> failures = run.outLines().stream().filter(l -> l.startsWith("FAIL ")).toList();
        assertEquals(1, failures.size(), run.out());
        assertTrue(failures.get(0).contains("bulk-file-changes.test.json"), failures.get(0));
        assertTrue(failures.get(0).contains("25 files saved in four minutes open one finding with all 25 files"),
                failures.get(0));
        assertTrue(run.outLines().get(run.outLines().size() - 1).endsWith(" 1 failed"), run.out());
    }

    @Test
    void rules_test_on_a_drl_syntax_error_exits_2_with_the_file_and_line() throws IOException {
        Files.writeString(rules.resolve("broken.drl"),
                "package rules\n\nrule \"broken\"\nwhen\n    AuditEvent( actionId == )\nthen\nend\n");

        Run run = cli(rulesEnv(), "rules", "test");

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("broken.drl:5:"), run.err());
        assertNoStackTrace(run);
    }

    // ---- scan ------------------------------------------------------------------------------------

    @Test
    void scan_reads_the_portal_once_prints_the_report_and_exits_by_its_status() throws IOException {
        try (FakeDocSpace portal = new FakeDocSpace().start()) {
            Instant now = Instant.now();
            for (int n = 0; n < 25; n++) {
                portal.addEvent(now.minusSeconds(1800).plusSeconds(10L * n), "anna", 5034, "anna-f" + n);
            }
            Map<String, String> env = new HashMap<>(rulesEnv());
            env.put("DOCSPACE_API_HOST", portal.baseUrl());
            env.put("DOCSPACE_API_KEY", portal.apiKey());
            env.put("GUARD_DB_URL", "jdbc:h2:mem:cli-scan-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

            Run ok;
            try (LogCapture logs = new LogCapture()) {
                ok = cli(env, "scan");
                // A one-off scan starts no HTTP API, so nothing of the web server may speak.
                assertFalse(logs.all().contains("io.javalin"), logs.all());
            }
            portal.setPlanLacksAudit(true);
            Run degraded = cli(env, "scan");

            assertEquals(0, ok.exitCode(), ok.err());
            JsonNode report = JSON.readTree(ok.out());
            assertEquals(25, report.path("eventsNew").asInt());
            assertEquals(1, report.path("incidentsOpened").asInt());
            assertEquals(3, degraded.exitCode(), degraded.err());
            assertEquals("degraded", JSON.readTree(degraded.out()).path("status").asText());
        }
    }

    // ---- replay ----------------------------------------------------------------------------------

    @Test
    void replay_of_a_saved_docspace_answer_prints_the_burst_as_one_json_line() throws IOException {
        List<String> items = burst("anna", 25);
        Path file = dir.resolve("audit.json");
        Files.writeString(file, "{\"count\":25,\"response\":[" + String.join(",", items)
                + "],\"links\":[],\"status\":0,\"statusCode\":200}");

        Run run = cli(rulesEnv(), "replay", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.outLines().size(), run.out());
        JsonNode finding = JSON.readTree(run.outLines().get(0));
        assertEquals("bulk-file-changes", finding.path("rule").asText());
        assertEquals("anna", finding.path("userId").asText());
        assertEquals(25, finding.path("fileCount").asInt());
        // 10:00+02:00 is 08:00 UTC
        assertEquals("2025-05-14T08:00:00Z", finding.path("firstEventAt").asText());
    }

    @Test
    void replay_of_json_lines_reports_a_malformed_line_and_still_prints_the_finding() throws IOException {
        List<String> lines = new ArrayList<>(burst("anna", 25));
        lines.add(3, "{\"id\": 999, \"date\": \"yesterday\", \"userId\": \"anna\", \"actionId\": 5002}");
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");

        Run run = cli(rulesEnv(), "replay", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        List<String> rejected = run.errLines().stream().filter(l -> l.startsWith("rejected:")).toList();
        assertEquals(1, rejected.size(), run.err());
        assertTrue(rejected.get(0).contains("line 4"), rejected.get(0));
        assertTrue(rejected.get(0).contains("yesterday"), rejected.get(0));
        assertEquals(1, run.outLines().size(), run.out());
        assertEquals(25, JSON.readTree(run.outLines().get(0)).path("fileCount").asInt());
    }

    @Test
    void replay_of_the_system_account_prints_no_finding_and_notes_the_skip() throws IOException {
        Path file = dir.resolve("system.json");
        Files.writeString(file, "[" + String.join(",", burst(SYSTEM_ACCOUNT, 30)) + "]");

        Run run = cli(rulesEnv(), "replay", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith("skipped:") && l.contains(SYSTEM_ACCOUNT)),
                run.err());
    }

    @Test
    void replay_of_a_missing_file_or_an_envelope_without_events_exits_2_with_one_line() throws IOException {
        Path envelope = dir.resolve("odd.json");
        Files.writeString(envelope, "{\"response\": {\"not\": \"a list\"}}");

        for (Path file : List.of(dir.resolve("missing.json"), envelope)) {
            Run run = cli(rulesEnv(), "replay", file.toString());

            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("cannot replay " + file), run.err());
            assertNoStackTrace(run);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** {@code count} distinct files updated 10 s apart from 10:00+02:00, rendered as DocSpace does. */
    private static List<String> burst(String userId, int count) {
        OffsetDateTime start = OffsetDateTime.of(2025, 5, 14, 10, 0, 0, 0, ZoneOffset.ofHours(2));
        List<String> items = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            items.add("{\"id\":" + (100_000 + n) + ",\"date\":\"" + WIRE_DATE.format(start.plusSeconds(10L * n))
                    + "\",\"user\":\"Anna\",\"userId\":\"" + userId + "\",\"action\":\"File Updated: f" + n
                    + ".docx\",\"actionId\":5002,\"target\":[\"f" + n + "\"],\"entries\":[1]}");
        }
        return items;
    }

    private Map<String, String> rulesEnv() {
        return Map.of("GUARD_RULES_DIR", rules.toString());
    }

    private Map<String, String> portalEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("DOCSPACE_API_HOST", "https://acme.onlyoffice.com");
        env.put("DOCSPACE_API_KEY", "sk-0123456789abcdef");
        env.put("GUARD_DB_URL", "jdbc:h2:mem:cli-test");
        env.put("GUARD_HTTP_PORT", "0");
        env.put("GUARD_RULES_DIR", rules.toString());
        return env;
    }

    @Test
    void bench_recovery_recovers_every_file_and_prints_its_times_beside_the_floors() {
        Run run = cli(Map.of("GUARD_RULES_DIR", "rules"), "bench-recovery", "--files", "40", "--latency-ms", "5");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("run:") && run.out().contains("40 done, 0 failed"), run.out());
        assertTrue(run.out().contains("at DocSpace's 15 concurrent writes"), run.out());
        assertEquals(2, cli(Map.of(), "bench-recovery", "--concurrency", "16").exitCode());
    }

    // ---- help, mistakes and the operator's first steps ---------------------------------------------

    @Test
    void help_and_every_commands_help_print_usage_and_exit_0() {
        Run help = cli(Map.of(), "help");
        Run replayHelp = cli(Map.of(), "replay", "--help");
        Run rulesTestHelp = cli(Map.of(), "rules", "test", "--help");

        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("Usage: docspace-guard") && help.out().contains("replay"), help.out());
        assertEquals(0, replayHelp.exitCode(), replayHelp.err());
        assertTrue(replayHelp.out().startsWith("Usage: docspace-guard replay"), replayHelp.out());
        assertEquals(0, rulesTestHelp.exitCode(), rulesTestHelp.err());
        assertTrue(rulesTestHelp.out().startsWith("Usage: docspace-guard rules test"), rulesTestHelp.out());
    }

    @Test
    void a_bad_option_value_is_one_line_saying_what_was_expected_without_java_names() {
        Run events = cli(rulesEnv(), "bench", "--events", "-5");
        Run from = cli(Map.of(), "scan", "--from", "yesterday", "--to", "2025-05-14T10:00:00Z");
        Run unknown = cli(Map.of(), "frobnicate");

        for (Run run : List.of(events, from, unknown)) {
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertFalse(run.err().contains("java."), run.err());
            assertTrue(run.err().contains("--help"), run.err());
        }
        assertTrue(events.err().contains("--events"), events.err());
        assertTrue(from.err().contains("expected an ISO-8601 time with an offset"), from.err());
    }

    @Test
    void outside_the_project_folder_replay_and_rules_test_say_in_one_line_to_set_GUARD_RULES_DIR() throws IOException {
        Map<String, String> elsewhere = Map.of("GUARD_RULES_DIR", dir.resolve("no-rules-here").toString());
        Path file = dir.resolve("audit.json");
        Files.writeString(file, "[" + String.join(",", burst("anna", 3)) + "]");

        for (Run run : List.of(cli(elsewhere, "rules", "test"), cli(elsewhere, "replay", file.toString()))) {
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().contains("set GUARD_RULES_DIR"), run.err());
        }
    }

    @Test
    void replay_exits_1_when_nothing_could_be_read_or_every_event_was_rejected() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
        Path rejected = Files.writeString(dir.resolve("rejected.jsonl"), "{\"id\": 1}\nnot json\n");

        Run none = cli(rulesEnv(), "replay", empty.toString());
        Run allRejected = cli(rulesEnv(), "replay", rejected.toString());

        assertEquals(1, none.exitCode(), none.err());
        assertTrue(none.err().contains("holds no events"), none.err());
        assertEquals(1, allRejected.exitCode(), allRejected.err());
        assertTrue(allRejected.err().contains("every event in"), allRejected.err());
    }

    @Test
    void replay_takes_an_incident_as_the_api_answers_it_with_its_events() throws IOException {
        StringBuilder events = new StringBuilder();
        Instant start = Instant.parse("2025-05-14T08:00:00Z");
        for (int n = 0; n < 25; n++) {
            events.append(n == 0 ? "" : ",").append("{\"id\":").append(200 + n).append(",\"at\":\"")
                    .append(start.plusSeconds(10L * n)).append("\",\"userId\":\"anna\",\"userName\":\"Anna\",")
                    .append("\"actionId\":5002,\"action\":\"File Updated: f").append(n)
                    .append(".docx\",\"entries\":[1],\"target\":[\"f").append(n).append("\"]}");
        }
        Path file = Files.writeString(dir.resolve("incident-7.json"),
                "{\"incident\":{\"id\":7},\"fileIds\":[],\"events\":[" + events + "],\"history\":[]}");

        Run run = cli(rulesEnv(), "replay", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode finding = JSON.readTree(run.outLines().stream().filter(l -> l.contains("bulk-file-changes"))
                .findFirst().orElseThrow());
        assertEquals(25, finding.path("fileCount").asInt());
    }

    @Test
    void a_port_already_in_use_is_one_line_not_a_stack_trace() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             FakeDocSpace portal = new FakeDocSpace().start()) {
            Map<String, String> env = new HashMap<>(rulesEnv());
            env.put("DOCSPACE_API_HOST", portal.baseUrl());
            env.put("DOCSPACE_API_KEY", portal.apiKey());
            env.put("GUARD_DB_URL", "jdbc:h2:mem:cli-port-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            env.put("GUARD_API_TOKENS", TOKENS);
            env.put("GUARD_HTTP_PORT", Integer.toString(taken.getLocalPort()));

            Run run = serve(env);

            assertEquals(2, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().contains("GUARD_HTTP_PORT"), run.err());
            assertNoStackTrace(run);
        }
    }

    @Test
    void bench_api_seeds_its_own_schema_runs_the_open_loop_and_reports_every_read_route_without_errors()
            throws IOException {
        String schema = "bench_api_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path out = dir.resolve("bench-api.json");
        try {
            Run run = cli(Map.of("GUARD_RULES_DIR", rules.toString()), "bench-api", "--db-url",
                    TestPostgres.url(), "--schema", schema, "--incidents", "300", "--rates", "66",
                    "--seconds", "1", "--repeat", "1", "--out", out.toString());

            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("seeded in"), run.err());
            JsonNode result = JSON.readTree(out.toFile());
            assertEquals(300, result.path("seed").path("incidents").asInt());
            // Without --jvm-option the service runs as docs/operations.md recommends starting it.
            assertEquals(List.of("-Xmx272m", "-XX:+UseParallelGC"),
                    JSON.convertValue(result.path("jvmOptions"), List.class), result.toString());
            assertTrue(result.path("seed").path("events").asLong() >= 300, result.toString());
            JsonNode rate = result.path("rates").get(0);
            assertEquals(66, rate.path("rate").asInt());
            assertEquals(66, rate.path("requests").asInt(), "three of each of the 22 routes");
            assertEquals(0, rate.path("errors").asInt(), rate.toString());
            List<String> routes = new ArrayList<>();
            for (JsonNode route : rate.path("routes")) {
                routes.add(route.path("route").asText());
                assertTrue(route.path("requests").asInt() >= 3, route.toString());
                assertEquals(0, route.path("errors").asInt(), route.toString());
                assertTrue(run.out().contains(route.path("route").asText()), run.out());
            }
            assertTrue(routes.containsAll(List.of("GET /health", "GET /api/rules", "GET /api/scans",
                    "GET /api/incidents", "GET /api/incidents?status", "GET /api/incidents?rule",
                    "GET /api/incidents?userId", "GET /api/incidents?status&cursor (page 2)",
                    "GET /api/incidents/{id}", "GET /api/incidents/{id}/timeline", "GET /api/audit-trail",
                    "GET /api/audit-trail?incidentId", "GET /api/incidents?userName",
                    "GET /api/incidents?status&userName", "GET /api/incidents/counts",
                    "GET /api/incidents/counts?rule", "GET /api/incidents/counts?userName", "GET /api/rules/stats")),
                    routes.toString());
            // The floor of every route that asks the database: its statements timed on one open connection.
            assertTrue(result.path("sql").has("GET /api/incidents/{id}/timeline"), result.path("sql").toString());
            assertTrue(result.path("sql").path("GET /api/incidents?status").path("count").asInt() > 0);
        } finally {
            Flyway.configure().dataSource(TestPostgres.url(), null, null).schemas(schema).cleanDisabled(false)
                    .load().clean();
        }
    }

    @Test
    void bench_api_measures_postgresql_only_and_its_own_schema() {
        Run h2 = cli(Map.of(), "bench-api", "--db-url", "jdbc:h2:mem:bench");
        Run publicSchema = cli(Map.of(), "bench-api", "--schema", "public");

        assertEquals(2, h2.exitCode());
        assertTrue(h2.err().contains("must start with jdbc:postgresql:"), h2.err());
        assertEquals(2, publicSchema.exitCode());
        assertTrue(publicSchema.err().contains("--schema"), publicSchema.err());
    }

    /** serve blocks until shutdown when the configuration is good: a bounded wait turns that into a failure. */
    private static Run serve(Map<String, String> env) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> cli(env, "serve"));
    }

    private static Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertNoStackTrace(Run run) {
        String all = run.out() + run.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception"), all);
    }
}
