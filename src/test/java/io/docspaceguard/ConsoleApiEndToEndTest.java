package io.docspaceguard;

import static io.docspaceguard.GuardFixture.ADMIN;
import static io.docspaceguard.GuardFixture.VIEWER;
import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the API the console needs beyond SPEC §7: who am I, and an incident's timeline. */
class ConsoleApiEndToEndTest {
    @TempDir
    Path work;
    private GuardFixture guard;

    @BeforeEach
    void start() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void the_console_shell_is_served_at_the_root_without_a_token_and_holds_no_data() {
        ApiClient.Answer page = guard.api().get("/", null);
        ApiClient.Answer script = guard.api().get("/app.js", null);

        assertEquals(200, page.status(), page.text());
        assertTrue(page.text().contains("<script src=\"/app.js\">"), page.text());
        assertEquals(200, script.status());
        assertTrue(script.text().contains("sessionStorage"));
    }

    @Test
    void me_names_the_token_and_its_role() {
        ApiClient.Answer viewer = guard.api().get("/api/me", VIEWER);
        ApiClient.Answer admin = guard.api().get("/api/me", ADMIN);

        assertEquals(200, viewer.status(), viewer.text());
        assertEquals("vera", viewer.body().path("name").asText());
        assertEquals("viewer", viewer.body().path("role").asText());
        assertEquals("ada", admin.body().path("name").asText());
        assertEquals("admin", admin.body().path("role").asText());
    }

    @Test
    void an_incident_carries_the_threshold_and_window_of_its_rule() {
        guard.series("anna", 5034, "09:00:00", 10, 25, 25);
        guard.scan("");

        JsonNode incident = guard.api().get("/api/incidents?userId=anna", VIEWER).body().path("items").get(0);

        assertEquals("bulk-file-changes", incident.path("rule").asText());
        assertEquals(20, incident.path("threshold").asInt());
        assertEquals(600_000L, incident.path("windowMillis").asLong());
    }

    @Test
    void the_timeline_shows_the_users_file_events_from_a_window_before_to_ten_minutes_after_and_marks_the_counted() {
        guard.series("anna", 5034, "09:00:00", 10, 25, 25);        // the burst: 09:00:00 .. 09:04:00
        guard.portal.addEvent(at("08:30:00"), "anna", 5034, "anna-too-early");
        guard.portal.addEvent(at("08:45:00"), "anna", 5034, "anna-before");
        guard.portal.addEvent(at("09:10:00"), "anna", 5009, "anna-after");
        guard.portal.addEvent(at("09:20:00"), "anna", 5034, "anna-too-late");
        guard.portal.addEvent(at("09:01:00"), "bob", 5034, "bob-f1");
        guard.scan("");
        long id = guard.api().get("/api/incidents?userId=anna", VIEWER).body().path("items").get(0).path("id").asLong();

        ApiClient.Answer timeline = guard.api().get("/api/incidents/" + id + "/timeline", VIEWER);

        assertEquals(200, timeline.status(), timeline.text());
        JsonNode body = timeline.body();
        assertEquals(20, body.path("threshold").asInt());
        assertEquals(600_000L, body.path("windowMillis").asLong());
        assertEquals("2025-05-14T09:00:00Z", body.path("firstEventAt").asText());
        assertEquals("2025-05-14T09:04:00Z", body.path("lastEventAt").asText());
        List<String> files = new ArrayList<>();
        int counted = 0;
        for (JsonNode event : body.path("events")) {
            files.add(event.path("fileId").asText());
            counted += event.path("counted").asBoolean() ? 1 : 0;
        }
        assertEquals(27, files.size(), files.toString());
        assertEquals("anna-before", files.get(0));
        assertEquals("anna-after", files.get(26));
        assertEquals(25, counted);
        assertEquals(false, body.path("events").get(0).path("counted").asBoolean());
        assertEquals(5009, body.path("events").get(26).path("actionId").asInt());
    }

    @Test
    void the_timeline_of_an_unknown_incident_is_404() {
        assertEquals(404, guard.api().get("/api/incidents/999/timeline", VIEWER).status());
    }
}
