package io.docspaceguard;

import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.docspaceguard.docspace.FakeDocSpace;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account overwrites 30 files, renames 8 of them and trashes 6 more; a colleague then edits 3 of the overwritten
 * ones. The recovery plan, read from the fake portal's versions and trash, restores 27, renames 8 back, keeps the
 * colleague's work and reports the trashed files as DocSpace permits: only their owner can restore them.
 */
class RecoveryPlanEndToEndTest {
    private static final String MALLORY = "6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d10";
    private static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    private static final String BEN = "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d";
    private GuardFixture guard;

    @TempDir
    Path work;

    @BeforeEach
    void start() {
        start(Map.of());
    }

    /** The service on a portal where Mallory's burst and Ben's later edits have happened. */
    private void start(Map<String, String> settings) {
        guard = new GuardFixture(work.resolve("run-" + System.nanoTime()), at("11:00:00"), settings).start();
        guard.portal.setClock(guard.clock);
        guard.portal.addUser(MALLORY, "Mallory Mole", false, false);
        guard.portal.addUser(ANNA, "Anna Keller", false, false);
        guard.portal.addUser(BEN, "Ben Ortiz", false, false);
        for (int n = 1; n <= 36; n++) {
            guard.portal.addFile(id(n), (n == 1 ? "=2+3" : "report-" + n) + ".docx", ANNA, at("08:00:00"));
        }
        for (int n = 1; n <= 30; n++) {
            guard.portal.overwriteFile(id(n), MALLORY, at("10:30:00").plusSeconds(3L * n));
        }
        for (int n = 1; n <= 8; n++) {
            String title = (n == 1 ? "=2+3" : "report-" + n) + ".docx.locked.docx";
            guard.portal.renameFile(id(n), title, MALLORY, at("10:32:00").plusSeconds(2L * n));
        }
        for (int n = 31; n <= 36; n++) {
            guard.portal.trashFile(id(n), MALLORY, at("10:33:00").plusSeconds(2L * n - 60));
        }
        for (int n = 28; n <= 30; n++) {
            guard.portal.overwriteFile(id(n), BEN, at("10:50:00").plusSeconds(n));
        }
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void a_run_pauses_at_its_daily_write_budget_and_a_reviewer_cancels_it() throws Exception {
        guard.close();
        start(Map.of("GUARD_RECOVERY_WRITES_PER_DAY", "10", "GUARD_RECOVERY_CONCURRENCY", "2"));
        long incident = disabledIncident();
        startRun(incident);
        awaitDone(incident, 9);
        Thread.sleep(500);

        JsonNode paused = run(incident).path("run");
        ApiClient.Answer cancelled = guard.api().post("/api/incidents/" + incident + "/recovery/run/cancel",
                GuardFixture.REVIEWER, "");

        assertEquals("running", paused.path("status").asText(), paused.toString());
        assertTrue(paused.path("done").asInt() <= 11, "10 writes a day, and at most one more in flight: " + paused);
        assertEquals(200, cancelled.status(), cancelled.text());
        JsonNode run = awaitEnd(incident);
        assertEquals("cancelled", run.path("run").path("status").asText(), run.toString());
        assertTrue(run.path("run").path("remaining").asInt() > 0, run.toString());
        assertTrue(guard.api().get("/api/audit-trail?incidentId=" + incident, GuardFixture.VIEWER).text()
                .contains("recovery_cancelled"));
    }

    @Test
    void a_dry_run_records_what_it_would_write_and_writes_nothing() throws Exception {
        guard.close();
        start(Map.of("GUARD_DRY_RUN", "true"));
        long incident = disabledIncident();

        guard.api().post("/api/incidents/" + incident + "/recovery", GuardFixture.REVIEWER, "{\"comment\": \"try\"}");

        JsonNode run = awaitEnd(incident);
        assertEquals(27, run.path("run").path("done").asInt(), run.toString());
        assertTrue(run.path("run").path("dryRun").asBoolean());
        assertTrue(run.path("steps").toString().contains("dry run: would restore version 1 and rename to 'report-2.docx'"),
                run.toString());
        assertEquals(List.of(), guard.portal.fileWrites());
    }

    @Test
    void the_plan_restores_27_renames_8_back_keeps_later_work_and_reports_the_trash() {
        guard.scan("");
        long incident = bulkChangesIncident();

        ApiClient.Answer answer = guard.api().get("/api/incidents/" + incident + "/recovery", GuardFixture.VIEWER);

        assertEquals(200, answer.status(), answer.text());
        JsonNode totals = answer.body().path("totals");
        assertEquals(36, totals.path("files").asInt(), totals.toString());
        assertEquals(27, totals.path("toRestore").asInt(), totals.toString());
        assertEquals(8, totals.path("toRenameBack").asInt(), totals.toString());
        assertEquals(3, totals.path("skipped").path("changed by another account after the incident: its work is kept")
                .asInt(), totals.toString());
        assertEquals(6, totals.path("cannot").path("in the account's own trash: only that user can restore it")
                .asInt(), totals.toString());
        Map<String, JsonNode> byFile = new HashMap<>();
        answer.body().path("items").forEach(item -> byFile.put(item.path("fileId").asText(), item));
        JsonNode renamed = byFile.get(id(2));
        assertEquals("restore-and-rename", renamed.path("action").asText());
        assertEquals(1, renamed.path("restoreVersion").asInt());
        assertEquals("report-2.docx", renamed.path("renameTo").asText());
        assertEquals("restore", byFile.get(id(9)).path("action").asText());
        assertEquals("skipped", byFile.get(id(29)).path("outcome").asText());
        assertEquals(List.of(1, 2, 3), guard.portal.versions(id(29)).stream().map(v -> v.version()).toList(),
                "planning wrote nothing");
    }

    @Test
    void the_plan_exports_as_csv_with_attacker_text_defused() {
        guard.scan("");

        ApiClient.Answer csv = guard.api().get("/api/incidents/" + bulkChangesIncident() + "/recovery?format=csv",
                GuardFixture.VIEWER);

        assertEquals(200, csv.status());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.text().split("\r\n");
        assertEquals("fileId,title,action,restoreVersion,renameTo,outcome,reason", lines[0]);
        assertEquals(37, lines.length, "a header and one line per file");
        assertTrue(csv.text().contains("\"" + id(1) + "\",\"'=2+3.docx.locked.docx\",\"restore-and-rename\",1,"
                + "\"'=2+3.docx\",\"planned\""), csv.text());
        assertEquals(400, guard.api().get("/api/incidents/1/recovery?format=xlsx", GuardFixture.VIEWER).status());
        assertEquals(404, guard.api().get("/api/incidents/999/recovery", GuardFixture.VIEWER).status());
    }

    @Test
    void after_the_account_is_disabled_the_run_restores_27_files_once_each_and_keeps_the_rest() throws Exception {
        guard.scan("");
        long incident = bulkChangesIncident();
        String path = "/api/incidents/" + incident + "/recovery";
        assertEquals(409, guard.api().post(path, GuardFixture.REVIEWER, "{\"comment\": \"too early\"}").status(),
                "the account is still active: it could fight back");
        approve(incident);
        assertEquals(400, guard.api().post(path, GuardFixture.REVIEWER, "{}").status(), "a comment is required");
        assertEquals(403, guard.api().post(path, GuardFixture.VIEWER, "{\"comment\": \"x\"}").status());

        ApiClient.Answer started = guard.api().post(path, GuardFixture.REVIEWER, "{\"comment\": \"undo the burst\"}");

        assertEquals(202, started.status(), started.text());
        JsonNode run = awaitEnd(incident);
        assertEquals("done", run.path("run").path("status").asText(), run.toString());
        assertEquals(27, run.path("run").path("done").asInt(), run.toString());
        assertEquals(9, run.path("run").path("skipped").asInt());
        assertEquals(0, run.path("run").path("failed").asInt());
        assertRecovered();
        String trail = guard.api().get("/api/audit-trail?incidentId=" + incident, GuardFixture.VIEWER).text();
        assertTrue(trail.contains("recovery_started") && trail.contains("recovery_finished")
                && trail.contains("undo the burst"), trail);
        assertTrue(trail.contains("27 done, 9 skipped; skipped: 6 cannot: in the account's own trash: only that user "
                + "can restore it; 3 skipped: changed by another account after the incident"), trail);
        JsonNode again = guard.api().get("/api/incidents/" + incident + "/recovery", GuardFixture.VIEWER).body();
        assertEquals(27, again.path("totals").path("unchanged").asInt(), "planning again finds them recovered: "
                + again.path("totals"));
        assertEquals(0, again.path("totals").path("toRestore").asInt());
        // DocSpace logs the service's 27 restores and 8 renames (5044, 5001) like anyone's: no suspect there.
        guard.clock.set(at("11:10:00"));
        guard.scan("");
        assertEquals(0, guard.api().get("/api/incidents?userId=" + FakeDocSpace.SERVICE_USER_ID, GuardFixture.VIEWER)
                .body().path("items").size());
        assertEquals(27, guard.portal.eventsWithAction(5044).size(), "the footprint is in the audit trail");
    }

    @Test
    void a_restart_mid_run_resumes_it_and_no_file_is_written_twice() throws Exception {
        long incident = disabledIncident();
        guard.portal.delayNext(java.time.Duration.ofMillis(300), 1000);
        startRun(incident);
        awaitDone(incident, 5);

        int doneBeforeRestart = run(incident).path("run").path("done").asInt();
        guard.restart();

        assertTrue(doneBeforeRestart < 27, "the service stopped mid-run: " + doneBeforeRestart + " done");
        JsonNode run = awaitEnd(incident);
        assertEquals("done", run.path("run").path("status").asText(), run.toString());
        assertEquals(27, run.path("run").path("done").asInt(), run.toString());
        assertRecovered();
    }

    @Test
    void a_burst_of_429_slows_the_run_down_without_a_failed_file() throws Exception {
        long incident = disabledIncident();
        // Planning reads 66 times (two reads per file, one per trashed file); the run's first requests are slow
        // too, so the 429s queued behind them hit the run: more in a row than the client retries.
        guard.portal.delayNext(java.time.Duration.ofMillis(100), 70);
        startRun(incident);
        guard.portal.failNext(429, 3, "1");

        JsonNode run = awaitEnd(incident);
        assertEquals(0, guard.portal.pendingFailures(), "the 429s were served to the run");
        assertEquals(0, run.path("run").path("failed").asInt(), run.toString());
        assertEquals(27, run.path("run").path("done").asInt());
        assertRecovered();
    }

    /** 27 files back at their first version's content and title, each restored and renamed at most once. */
    private void assertRecovered() {
        Map<String, Long> restores = new HashMap<>();
        Map<String, Long> renames = new HashMap<>();
        guard.portal.fileWrites().forEach(w -> (w.kind().equals("restore") ? restores : renames)
                .merge(w.fileId(), 1L, Long::sum));
        for (int n = 1; n <= 27; n++) {
            var versions = guard.portal.versions(id(n));
            var first = versions.get(0);
            var now = versions.get(versions.size() - 1);
            assertEquals(first.content(), now.content(), "file " + n);
            assertEquals(n == 1 ? "=2+3.docx" : "report-" + n + ".docx", now.title(), "file " + n);
            assertEquals(1L, restores.get(id(n)), "file " + n + " restored once");
        }
        assertEquals(27, restores.size());
        assertEquals(8, renames.size());
        assertTrue(renames.values().stream().allMatch(count -> count == 1L), renames.toString());
        for (int n = 28; n <= 30; n++) {
            var versions = guard.portal.versions(id(n));
            assertEquals(BEN, versions.get(versions.size() - 1).updatedBy(), "the colleague's work stays");
        }
        for (int n = 31; n <= 36; n++) {
            assertTrue(guard.portal.inTrash(id(n)), "only its owner can restore a trashed file");
        }
    }

    /** The burst's incident, scanned and approved: the account is disabled. */
    private long disabledIncident() {
        guard.scan("");
        long incident = bulkChangesIncident();
        approve(incident);
        return incident;
    }

    private void startRun(long incident) {
        ApiClient.Answer started = guard.api().post("/api/incidents/" + incident + "/recovery", GuardFixture.REVIEWER,
                "{\"comment\": \"undo\"}");
        assertEquals(202, started.status(), started.text());
    }

    /** Waits, bounded, until the run has done at least {@code files}. */
    private void awaitDone(long incident, int files) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (run(incident).path("run").path("done").asInt() < files && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    private void approve(long incident) {
        ApiClient.Answer approved = guard.api().post("/api/incidents/" + incident + "/approve", GuardFixture.REVIEWER,
                "{\"comment\": \"ransomware-like burst\"}");
        assertEquals(200, approved.status(), approved.text());
    }

    private JsonNode run(long incident) {
        return guard.api().get("/api/incidents/" + incident + "/recovery/run", GuardFixture.VIEWER).body();
    }

    private JsonNode awaitEnd(long incident) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        JsonNode run = run(incident);
        while ("running".equals(run.path("run").path("status").asText()) && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            run = run(incident);
        }
        return run;
    }

    private long bulkChangesIncident() {
        JsonNode items = guard.api().get("/api/incidents?rule=bulk-file-changes&userId=" + MALLORY,
                GuardFixture.VIEWER).body().path("items");
        assertEquals(1, items.size(), items.toString());
        return items.get(0).path("id").asLong();
    }

    private static String id(int n) {
        return Integer.toString(70_000 + n);
    }
}
