package io.docspaceguard;

import static io.docspaceguard.GuardFixture.ADMIN;
import static io.docspaceguard.GuardFixture.REVIEWER;
import static io.docspaceguard.GuardFixture.VIEWER;
import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.docspaceguard.docspace.FakeDocSpace;
import io.docspaceguard.engine.RuleEngineTestRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole detection path through the HTTP API: the app built by {@link App#create} on H2, reading a fake
 * DocSpace portal that answers like the real one.
 */
class DetectionEndToEndTest {
    static final String SYSTEM_ACCOUNT = "a37ee56e-3302-4a7b-b67e-ddbea64cd032";

    @TempDir
    Path work;
    private GuardFixture guard;
    private FakeDocSpace portal;
    private ApiClient api;

    @BeforeEach
    void start() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        portal = guard.portal;
        api = guard.api();
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void bursts_open_one_incident_each_and_ordinary_work_opens_none() {
        guard.series("anna", 5034, "09:00:00", 10, 25, 25);         // 25 files in 4 minutes
        guard.series("mark", 5002, "09:06:00", 20, 24, 24);         // 24 files across the 09:10 boundary
        guard.series("carl", 5034, "09:20:00", 10, 15, 15);         // 15 files: below the threshold
        guard.series("rosa", 5034, "09:30:00", 3, 120, 3);          // the same 3 files saved 40 times each
        guard.series("dina", 5009, "09:40:00", 5, 40, 40);          // 40 downloads: not changes, not a mass download
        guard.series("sven", 5034, "08:00:00", 300, 25, 25);        // 25 files in two hours
        guard.series(SYSTEM_ACCOUNT, 5034, "09:00:00", 5, 30, 30);  // the system account has no account to disable

        JsonNode report = guard.scan("").body();

        assertEquals("ok", report.path("status").asText());
        assertEquals(2, report.path("incidentsOpened").asInt());
        JsonNode items = incidents().path("items");
        assertEquals(2, items.size());
        Map<String, Integer> filesByUser = new HashMap<>();
        items.forEach(i -> {
            assertEquals("bulk-file-changes", i.path("rule").asText());
            assertEquals("open", i.path("status").asText());
            filesByUser.put(i.path("userId").asText(), i.path("fileCount").asInt());
        });
        assertEquals(Map.of("anna", 25, "mark", 24), filesByUser);

        JsonNode anna = api.get("/api/incidents/" + idOf("anna"), VIEWER).body();
        assertEquals(25, anna.path("fileIds").size());
        assertEquals(25, anna.path("events").size());
        assertEquals("open", anna.path("history").get(0).path("action").asText());
        assertEquals(at("09:00:00").toString(), anna.path("incident").path("firstEventAt").asText());
    }

    @Test
    void scanning_the_same_activity_again_opens_no_duplicate() {
        guard.series("anna", 5034, "09:00:00", 10, 25, 25);
        guard.scan("");

        JsonNode again = guard.scan("").body();
        JsonNode backfill = guard.scan("{\"from\":\"2025-05-14T08:00:00Z\",\"to\":\"2025-05-14T11:00:00Z\"}").body();

        assertEquals(0, again.path("incidentsOpened").asInt());
        assertEquals(0, backfill.path("incidentsOpened").asInt());
        assertEquals(0, backfill.path("incidentsExtended").asInt());
        assertEquals(0, backfill.path("eventsNew").asInt());
        assertEquals(1, incidents().path("items").size());
    }

    @Test
    void a_late_event_is_counted_in_the_window_it_belongs_to() {
        guard.series("gina", 5034, "10:50:00", 10, 20, 20);         // 20 files: not yet more than 20
        guard.scan("");
        assertEquals(0, incidents().path("items").size());

        // DocSpace writes audit rows asynchronously: this one shows up after the scan that covered its time.
        portal.addEvent(at("10:55:00"), "gina", 5034, "gina-late");
        guard.clock.set(at("11:05:00"));
        JsonNode report = guard.scan("").body();

        assertEquals(1, report.path("incidentsOpened").asInt());
        JsonNode gina = incidents().path("items").get(0);
        assertEquals("gina", gina.path("userId").asText());
        assertEquals(21, gina.path("fileCount").asInt());
    }

    @Test
    void a_backfill_adds_a_late_event_to_the_open_incident_it_belongs_to() {
        guard.series("anna", 5034, "09:00:00", 10, 25, 25);
        guard.scan("");
        portal.addEvent(at("09:04:30"), "anna", 5034, "anna-late");

        JsonNode report = guard.scan("{\"from\":\"2025-05-14T09:00:00Z\",\"to\":\"2025-05-14T09:10:00Z\"}").body();

        assertEquals(1, report.path("eventsNew").asInt());
        assertEquals(1, report.path("incidentsExtended").asInt());
        JsonNode anna = api.get("/api/incidents/" + idOf("anna"), VIEWER).body();
        assertEquals(26, anna.path("incident").path("fileCount").asInt());
        assertEquals("extend", anna.path("history").get(1).path("action").asText());
    }

    @Test
    void a_broken_rule_file_is_refused_with_file_and_line_and_the_old_rules_keep_working() throws IOException {
        String version = api.get("/api/rules", VIEWER).body().path("version").asText();
        Files.writeString(guard.rules.resolve("broken.drl"),
                "package rules\n\nrule \"broken\"\nwhen\n    AuditEvent( actionId == )\nthen\nend\n");

        ApiClient.Answer refused = api.post("/api/rules/reload", ADMIN, "");

        assertEquals(422, refused.status());
        JsonNode first = refused.body().path("errors").get(0);
        assertEquals("broken.drl", first.path("file").asText());
        assertEquals(5, first.path("line").asInt());
        assertEquals(version, api.get("/api/rules", VIEWER).body().path("version").asText());
        assertEquals("degraded", api.get("/health", null).body().path("status").asText());

        guard.series("hugo", 5011, "10:40:00", 5, 30, 30);
        guard.scan("");
        assertEquals("hugo", incidents().path("items").get(0).path("userId").asText());
        assertEquals(version, incidents().path("items").get(0).path("rulesVersion").asText());
    }

    @Test
    void a_rule_that_fires_itself_for_ever_is_refused_with_422_naming_it_and_health_stays_answering()
            throws IOException {
        guard.series("anna", 5034, "10:30:00", 10, 25, 25);
        guard.scan(""); // recent stored events for the trial run
        String version = api.get("/api/rules", VIEWER).body().path("version").asText();
        Files.writeString(guard.rules.resolve("endless.drl"), RuleEngineTestRules.ENDLESS);

        ApiClient.Answer refused = api.post("/api/rules/reload", ADMIN, "");

        assertEquals(422, refused.status(), refused.text());
        JsonNode first = refused.body().path("errors").get(0);
        assertEquals("endless.drl", first.path("file").asText());
        assertEquals(5, first.path("line").asInt());
        assertTrue(first.path("message").asText().contains("'forever'"), first.toString());
        assertEquals(version, api.get("/api/rules", VIEWER).body().path("version").asText());
        assertEquals(200, api.get("/health", null).status());
    }

    @Test
    void a_portal_without_the_audit_feature_degrades_the_feed_and_nothing_is_acted_on() {
        guard.series("anna", 5034, "10:50:00", 10, 25, 25);
        portal.setPlanLacksAudit(true);

        JsonNode report = guard.scan("").body();

        assertEquals("degraded", report.path("status").asText());
        assertEquals(0, report.path("eventsNew").asInt());
        assertEquals(0, incidents().path("items").size());
        JsonNode health = api.get("/health", null).body();
        assertEquals("degraded", health.path("status").asText());
        assertEquals("degraded", health.path("feed").path("status").asText());
    }

    @Test
    void bad_requests_get_a_400_that_says_why() {
        assertBadRequest(api.get("/api/incidents?status=closed", VIEWER), "status");
        assertBadRequest(api.get("/api/incidents?since=yesterday", VIEWER), "since");
        assertBadRequest(api.get("/api/incidents?limit=0", VIEWER), "limit");
        assertBadRequest(api.get("/api/incidents/abc", VIEWER), "id");
        assertBadRequest(api.post("/api/scans", REVIEWER, "{\"from\":\"2025-05-14T09:00:00Z\"}"), "both");
        assertBadRequest(api.post("/api/scans", REVIEWER, "{\"form\":\"2025-05-14T09:00:00Z\"}"), "form");
        assertBadRequest(api.post("/api/scans", REVIEWER, "{not json"), "JSON");
        assertEquals(404, api.get("/api/incidents/999", VIEWER).status());
    }

    private void assertBadRequest(ApiClient.Answer answer, String mentioned) {
        assertEquals(400, answer.status(), answer.text());
        assertTrue(answer.body().path("title").asText().contains(mentioned), answer.text());
    }

    private JsonNode incidents() {
        return api.get("/api/incidents", VIEWER).body();
    }

    private long idOf(String userId) {
        for (JsonNode incident : incidents().path("items")) {
            if (incident.path("userId").asText().equals(userId)) {
                return incident.path("id").asLong();
            }
        }
        throw new AssertionError("no incident for " + userId);
    }
}
