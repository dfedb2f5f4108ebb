package io.docspaceguard;

import static io.docspaceguard.GuardFixture.REVIEWER;
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

/**
 * The routes the console's triage uses, over HTTP: dismissal reasons and the rule stats they feed, status counts,
 * the new filters, taking an incident, and the evidence on an event. The queries behind them run on H2 and
 * PostgreSQL in {@code TriageBehaviour}.
 */
class TriageApiEndToEndTest {
    private static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    private static final String MARK = "b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77";
    @TempDir
    Path work;
    private GuardFixture guard;

    @BeforeEach
    void start() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        guard.portal.addUser(ANNA, "Anna Keller", false, false);
        guard.portal.addUser(MARK, "Mark Olsen", false, false);
        guard.series(ANNA, 5034, "09:00:00", 10, 25, 25);
        guard.series(MARK, 5034, "09:30:00", 10, 25, 25);
        guard.scan("");
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void a_dismissal_needs_a_reason_from_the_closed_set_and_the_rules_dismissal_count_goes_up() {
        long id = idOf(ANNA);
        ApiClient.Answer noReason = guard.api().post("/api/incidents/" + id + "/dismiss", REVIEWER,
                "{\"comment\": \"fine\"}");
        ApiClient.Answer badReason = guard.api().post("/api/incidents/" + id + "/dismiss", REVIEWER,
                "{\"reason\": \"bored\"}");
        assertEquals(400, noReason.status(), noReason.text());
        assertTrue(noReason.body().path("title").asText().contains("false_positive, expected_activity, "
                + "handled_elsewhere"), noReason.text());
        assertEquals(400, badReason.status(), badReason.text());
        assertEquals(0, dismissals("false_positive"));

        ApiClient.Answer dismissed = guard.api().post("/api/incidents/" + id + "/dismiss", REVIEWER,
                "{\"reason\": \"false_positive\"}");

        assertEquals(200, dismissed.status(), dismissed.text());
        assertEquals("false_positive", dismissed.body().path("dismissalReason").asText());
        assertEquals(1, dismissals("false_positive"));
        assertEquals(List.of(id), ids("/api/incidents?dismissalReason=false_positive"));
        JsonNode last = guard.api().get("/api/incidents/" + id, VIEWER).body().path("history");
        assertEquals("false_positive", last.get(last.size() - 1).path("comment").asText(),
                "no comment is needed beside the reason");
    }

    @Test
    void the_status_counts_follow_the_filters_and_take_no_status() {
        guard.api().post("/api/incidents/" + idOf(MARK) + "/dismiss", REVIEWER,
                "{\"reason\": \"expected_activity\", \"comment\": \"migration\"}");

        JsonNode all = guard.api().get("/api/incidents/counts", VIEWER).body().path("byStatus");
        JsonNode anna = guard.api().get("/api/incidents/counts?userName=anna", VIEWER).body().path("byStatus");
        ApiClient.Answer withStatus = guard.api().get("/api/incidents/counts?status=open", VIEWER);

        assertEquals(1, all.path("open").asInt());
        assertEquals(1, all.path("dismissed").asInt());
        assertEquals(0, all.path("disabled").asInt());
        assertEquals(1, anna.path("open").asInt());
        assertEquals(0, anna.path("dismissed").asInt());
        assertEquals(400, withStatus.status(), withStatus.text());
    }

    @Test
    void the_list_filters_by_a_part_of_the_name_and_by_severity_and_refuses_an_unknown_severity() {
        assertEquals(List.of(idOf(ANNA)), ids("/api/incidents?userName=KELL"));
        assertEquals(2, ids("/api/incidents?severity=high").size());
        assertEquals(List.of(), ids("/api/incidents?severity=low"));
        assertEquals(400, guard.api().get("/api/incidents?severity=urgent", VIEWER).status());
    }

    @Test
    void a_reviewer_takes_an_incident_which_shows_it_assigned_and_in_the_trail_and_releases_it() {
        long id = idOf(ANNA);

        ApiClient.Answer taken = guard.api().post("/api/incidents/" + id + "/take", REVIEWER, "");

        assertEquals(200, taken.status(), taken.text());
        assertEquals("rick", taken.body().path("assignee").asText());
        assertEquals(List.of(id), ids("/api/incidents?assignee=rick"));
        assertEquals(1, guard.api().get("/api/audit-trail?action=assign&incidentId=" + id, VIEWER).body()
                .path("items").size());
        ApiClient.Answer released = guard.api().post("/api/incidents/" + id + "/release", REVIEWER, "");
        assertTrue(released.body().path("assignee").isNull(), released.text());
        assertEquals(List.of(), ids("/api/incidents?assignee=rick"));
        assertEquals(403, guard.api().post("/api/incidents/" + id + "/take", VIEWER, "").status());
    }

    @Test
    void an_incidents_events_name_the_file_the_room_and_where_the_request_came_from() {
        JsonNode event = guard.api().get("/api/incidents/" + idOf(ANNA), VIEWER).body().path("events").get(0);

        assertTrue(event.path("fileName").asText().matches("document-.+\\.docx"), event.toString());
        assertEquals("Rooms: Finance", event.path("context").asText());
        assertEquals("203.0.113.45", event.path("ip").asText());
        assertEquals("Germany", event.path("country").asText());
        assertEquals("Chrome 124", event.path("browser").asText());
        assertEquals("Windows 10", event.path("platform").asText());
        assertEquals(0, event.path("suspicious").size());
        assertEquals(guard.portal.baseUrl(), guard.api().get("/api/me", VIEWER).body().path("docSpaceUrl").asText());
    }

    private long idOf(String user) {
        return guard.api().get("/api/incidents?userId=" + user, VIEWER).body().path("items").get(0).path("id")
                .asLong();
    }

    private List<Long> ids(String path) {
        ApiClient.Answer answer = guard.api().get(path, VIEWER);
        assertEquals(200, answer.status(), answer.text());
        List<Long> ids = new ArrayList<>();
        answer.body().path("items").forEach(i -> ids.add(i.path("id").asLong()));
        return ids;
    }

    private int dismissals(String reason) {
        for (JsonNode rule : guard.api().get("/api/rules/stats", VIEWER).body()) {
            if (rule.path("rule").asText().equals("bulk-file-changes")) {
                return rule.path("dismissedBy").path(reason).asInt();
            }
        }
        return 0;
    }
}
