package io.docspaceguard;

import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

    @BeforeEach
    void start(@TempDir Path work) {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
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
