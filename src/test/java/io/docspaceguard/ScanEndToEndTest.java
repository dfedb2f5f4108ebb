package io.docspaceguard;

import static io.docspaceguard.GuardFixture.REVIEWER;
import static io.docspaceguard.GuardFixture.VIEWER;
import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans through the API: bounded backfills, a scan's progress, cancelling. */
class ScanEndToEndTest {
    @TempDir
    Path work;
    private GuardFixture guard;
    private ApiClient api;

    @BeforeEach
    void start() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        api = guard.api();
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void a_backfill_of_56_years_is_refused_with_400_before_docspace_is_asked_anything() {
        ApiClient.Answer answer = api.post("/api/scans", REVIEWER,
                "{\"from\":\"1970-01-01T00:00:00Z\",\"to\":\"2025-05-14T10:00:00Z\"}");

        assertEquals(400, answer.status(), answer.text());
        assertTrue(answer.body().path("title").asText().contains("180 days"), answer.text());
        assertEquals(0, guard.portal.auditRequests());
        assertEquals(0, api.get("/api/scans", VIEWER).body().path("items").size());
    }

    @Test
    void a_finished_scan_shows_its_chunks_and_cannot_be_cancelled() {
        JsonNode report = guard.scan("{\"from\":\"2025-05-14T06:00:00Z\",\"to\":\"2025-05-14T09:30:00Z\"}").body();
        long id = report.path("runId").asLong();

        JsonNode run = api.get("/api/scans/" + id, VIEWER).body();
        ApiClient.Answer cancel = api.post("/api/scans/" + id + "/cancel", REVIEWER, "");

        assertEquals("backfill", run.path("kind").asText());
        assertEquals(14, run.path("chunksTotal").asInt(), "three and a half hours in 15-minute chunks");
        assertEquals(14, run.path("chunksDone").asInt());
        assertEquals("ok", run.path("status").asText());
        assertEquals(409, cancel.status(), cancel.text());
        assertEquals(404, api.post("/api/scans/999/cancel", REVIEWER, "").status());
        assertEquals(404, api.get("/api/scans/999", VIEWER).status());
    }
}
