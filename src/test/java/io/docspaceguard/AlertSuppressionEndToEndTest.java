package io.docspaceguard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts worth reading: declared bulk work keeps a migration's burst out of the alerts while its incident is still
 * recorded, an open incident that keeps growing alerts again only after the quiet period, and every incident says
 * why it was opened.
 */
class AlertSuppressionEndToEndTest {
    private static final String MIGRATOR = "5d0c7a3e-1f2b-4c8d-9e6f-0a1b2c3d4e5f";
    private static final String MARK = "b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77";
    private static final String HOOK = "/services/T000/B000/secret";
    private final WireMockServer hook = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final ObjectMapper json = new ObjectMapper();
    private GuardFixture guard;

    @BeforeEach
    void start(@TempDir Path work) {
        hook.start();
        hook.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        guard = new GuardFixture(work, GuardFixture.at("11:00:00"), Map.of(
                "GUARD_ALERT_WEBHOOK_URL", hook.baseUrl() + HOOK)).start();
        guard.portal.addUser(MIGRATOR, "Migration Service", false, false);
        guard.portal.addUser(MARK, "Mark Olsen", false, false);
    }

    @AfterEach
    void stop() {
        guard.close();
        hook.stop();
    }

    @Test
    void a_declared_migration_is_recorded_as_suppressed_and_only_the_other_burst_is_alerted() throws Exception {
        ApiClient.Answer declared = guard.api().post("/api/bulk-work", GuardFixture.REVIEWER, """
                {"userId": "%s", "from": "2025-05-14T10:00:00Z", "to": "2025-05-14T12:00:00Z",
                 "reason": "moving the Finance room to the new structure"}""".formatted(MIGRATOR));
        assertEquals(201, declared.status(), declared.text());
        long bulkWorkId = declared.body().path("id").asLong();
        guard.series(MIGRATOR, 5015, "10:20:00", 2, 200, 200);
        guard.series(MARK, 5034, "10:30:00", 5, 25, 25);

        guard.scan("");

        List<JsonNode> alerts = alerts(1);
        assertEquals(MARK, alerts.get(0).path("incident").path("userId").asText(), alerts.toString());
        JsonNode incidents = guard.api().get("/api/incidents", GuardFixture.VIEWER).body().path("items");
        JsonNode migration = only(incidents, MIGRATOR);
        assertEquals(bulkWorkId, migration.path("suppressedBy").asLong());
        assertEquals(200, migration.path("fileCount").asInt());
        assertTrue(only(incidents, MARK).path("suppressedBy").isNull());
        JsonNode trail = guard.api().get("/api/audit-trail?userId=" + MIGRATOR, GuardFixture.VIEWER).body();
        assertTrue(trail.toString().contains("bulk_work_declared") && trail.toString().contains("rick"),
                trail.toString());
        assertTrue(trail.toString().contains("suppressed: inside declared bulk work " + bulkWorkId), trail.toString());
    }

    @Test
    void a_burst_that_runs_past_the_declared_end_is_alerted_when_it_leaves_it() throws Exception {
        guard.api().post("/api/bulk-work", GuardFixture.REVIEWER, """
                {"userId": "%s", "from": "2025-05-14T10:00:00Z", "to": "2025-05-14T10:30:00Z",
                 "reason": "re-organisation"}""".formatted(MIGRATOR));
        guard.series(MIGRATOR, 5015, "10:20:00", 2, 30, 30, "early-");
        guard.clock.set(GuardFixture.at("10:25:00"));
        guard.scan("");
        guard.clock.set(GuardFixture.at("11:00:00"));
        guard.series(MIGRATOR, 5015, "10:31:00", 2, 30, 30, "late-");

        guard.scan("");

        List<JsonNode> alerts = alerts(1);
        assertEquals("incident_grew", alerts.get(0).path("kind").asText(), alerts.toString());
        JsonNode incident = only(guard.api().get("/api/incidents", GuardFixture.VIEWER).body().path("items"), MIGRATOR);
        assertTrue(incident.path("suppressedBy").isNull(), incident.toString());
    }

    @Test
    void a_growing_open_incident_alerts_again_once_after_the_quiet_hour_and_says_why() throws Exception {
        guard.series(MARK, 5034, "10:30:00", 5, 25, 25, "a-");
        guard.scan("");
        alerts(1);
        guard.clock.set(GuardFixture.at("13:00:00"));
        guard.series(MARK, 5034, "12:30:00", 5, 25, 25, "b-");
        guard.scan("");
        guard.clock.set(GuardFixture.at("13:20:00"));
        guard.series(MARK, 5034, "13:10:00", 5, 25, 25, "c-");

        guard.scan("");

        List<JsonNode> alerts = alerts(2);
        assertEquals(List.of("incident_opened", "incident_grew"),
                alerts.stream().map(a -> a.path("kind").asText()).toList());
        JsonNode incident = only(guard.api().get("/api/incidents", GuardFixture.VIEWER).body().path("items"), MARK);
        assertEquals(75, incident.path("fileCount").asInt());
        assertTrue(incident.path("reason").asText().startsWith("25 distinct files changed within 10 min (limit 20)"),
                incident.toString());
    }

    @Test
    void declarations_are_checked_revoked_once_and_need_a_reviewer() {
        ApiClient api = guard.api();
        assertEquals(403, api.post("/api/bulk-work", GuardFixture.VIEWER, body("2025-05-14T10:00:00Z",
                "2025-05-14T12:00:00Z", "x")).status());
        assertBadRequest(api.post("/api/bulk-work", GuardFixture.REVIEWER, """
                {"userId": "Mark", "from": "2025-05-14T10:00:00Z", "to": "2025-05-14T12:00:00Z", "reason": "x"}"""),
                "userId");
        assertBadRequest(api.post("/api/bulk-work", GuardFixture.REVIEWER, body("2025-05-14T12:00:00Z",
                "2025-05-14T10:00:00Z", "x")), "before");
        assertBadRequest(api.post("/api/bulk-work", GuardFixture.REVIEWER, body("2025-05-01T00:00:00Z",
                "2025-06-14T00:00:00Z", "x")), "31 days");
        assertBadRequest(api.post("/api/bulk-work", GuardFixture.REVIEWER, body("2025-05-14T10:00:00Z",
                "2025-05-14T12:00:00Z", " ")), "reason");
        assertBadRequest(api.post("/api/bulk-work", GuardFixture.REVIEWER, body("yesterday",
                "2025-05-14T12:00:00Z", "x")), "from");

        ApiClient.Answer everyone = api.post("/api/bulk-work", GuardFixture.REVIEWER, body("2025-05-14T10:00:00Z",
                "2025-05-14T12:00:00Z", "portal-wide clean-up"));
        assertEquals(201, everyone.status(), everyone.text());
        assertTrue(everyone.body().path("userId").isNull());
        assertEquals("in force", everyone.body().path("state").asText(), "on the service's clock: 11:00");
        long id = everyone.body().path("id").asLong();
        assertEquals(403, api.post("/api/bulk-work/" + id + "/revoke", GuardFixture.VIEWER, "{}").status());
        ApiClient.Answer revoked = api.post("/api/bulk-work/" + id + "/revoke", GuardFixture.REVIEWER,
                "{\"comment\": \"done early\"}");
        assertEquals(200, revoked.status(), revoked.text());
        assertEquals("rick", revoked.body().path("revokedBy").asText());
        assertEquals("revoked", revoked.body().path("state").asText());
        assertEquals(409, api.post("/api/bulk-work/" + id + "/revoke", GuardFixture.REVIEWER, "{}").status());
        assertEquals(404, api.post("/api/bulk-work/999/revoke", GuardFixture.REVIEWER, "{}").status());
        assertEquals(1, api.get("/api/bulk-work", GuardFixture.VIEWER).body().size());
        assertEquals(0, api.get("/api/bulk-work?current=true", GuardFixture.VIEWER).body().size(),
                "revoked: not current");
    }

    @Test
    void a_revoked_declaration_suppresses_nothing() throws Exception {
        ApiClient.Answer declared = guard.api().post("/api/bulk-work", GuardFixture.REVIEWER,
                body("2025-05-14T10:00:00Z", "2025-05-14T12:00:00Z", "migration"));
        guard.api().post("/api/bulk-work/" + declared.body().path("id").asLong() + "/revoke", GuardFixture.REVIEWER,
                "{}");
        guard.series(MIGRATOR, 5015, "10:20:00", 2, 30, 30);

        guard.scan("");

        assertEquals(MIGRATOR, alerts(1).get(0).path("incident").path("userId").asText());
    }

    private static String body(String from, String to, String reason) {
        return """
                {"from": "%s", "to": "%s", "reason": "%s"}""".formatted(from, to, reason);
    }

    private static void assertBadRequest(ApiClient.Answer answer, String mentioned) {
        assertEquals(400, answer.status(), answer.text());
        assertTrue(answer.body().path("title").asText().contains(mentioned), answer.text());
    }

    /** The user's bulk-file-changes incident (a migration of 200 files is also a sustained change). */
    private static JsonNode only(JsonNode items, String userId) {
        List<JsonNode> found = new ArrayList<>();
        items.forEach(i -> {
            if (i.path("userId").asText().equals(userId) && i.path("rule").asText().equals("bulk-file-changes")) {
                found.add(i);
            }
        });
        assertEquals(1, found.size(), items.toString());
        return found.get(0);
    }

    /** Delivery runs in the background: waits, bounded, for {@code expected} alerts, then a little for strays. */
    private List<JsonNode> alerts(int expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (hook.findAll(postRequestedFor(urlEqualTo(HOOK))).size() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        List<JsonNode> bodies = new ArrayList<>();
        for (var request : hook.findAll(postRequestedFor(urlEqualTo(HOOK)))) {
            bodies.add(json.readTree(request.getBodyAsString()));
        }
        assertEquals(expected, bodies.size(), bodies.toString());
        return bodies;
    }
}
