package io.docspaceguard;

import static io.docspaceguard.GuardFixture.REVIEWER;
import static io.docspaceguard.GuardFixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A request the API does not understand is told so, in the caller's terms; it never gets a plausible answer. The
 * requests change nothing, so one service serves the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiStrictnessEndToEndTest {
    private GuardFixture guard;
    private ApiClient api;

    @BeforeAll
    void start(@TempDir Path work) {
        guard = new GuardFixture(work, GuardFixture.at("11:00:00"), Map.of()).start();
        api = guard.api();
    }

    @AfterAll
    void stop() {
        guard.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/incidents?stauts=open                 | stauts  | assignee, cursor, dismissalReason, limit, rule, severity, since, status, until, userId, userName",
            "/api/incidents/counts?status=open          | status   | assignee, dismissalReason, rule, severity, since, until, userId, userName",
            "/api/audit-trail?incident=3                | incident | action, actor, cursor, incidentId",
            "/api/scans?page=2                          | page     | cursor, limit",
            "/api/incidents/1/timeline?zoom=burst       | zoom     | takes none",
            "/health?verbose=true                       | verbose  | takes none",
    })
    void an_unknown_query_parameter_is_a_400_naming_it_and_what_the_route_takes(String path, String unknown,
                                                                                  String taken) {
        ApiClient.Answer answer = api.get(path, VIEWER);

        assertEquals(400, answer.status(), answer.text());
        String title = answer.body().get("title").asText();
        assertTrue(title.contains("unknown query parameter " + unknown), title);
        assertTrue(title.contains(taken), title);
    }

    @Test
    void known_parameters_still_work() {
        assertEquals(200, api.get("/api/incidents?status=open&limit=5", VIEWER).status());
        assertEquals(200, api.get("/api/audit-trail?action=approve&limit=5", VIEWER).status());
        assertEquals(200, api.get("/api/scans?limit=3", VIEWER).status());
        assertEquals(200, api.get("/api/bulk-work?current=true&limit=3", VIEWER).status());
    }

    @Test
    void an_unknown_trail_action_is_a_400_listing_the_actions_not_an_empty_list() {
        ApiClient.Answer answer = api.get("/api/audit-trail?action=delete", VIEWER);

        assertEquals(400, answer.status(), answer.text());
        assertTrue(answer.body().get("title").asText().contains("action must be one of"), answer.text());
        assertTrue(answer.body().get("title").asText().contains("approve"), answer.text());
    }

    @Test
    void a_wrong_method_on_a_known_route_is_a_405_in_json() {
        ApiClient.Answer delete = api.send(HttpRequest.newBuilder(uri("/api/incidents")).DELETE(), VIEWER);
        ApiClient.Answer put = api.send(HttpRequest.newBuilder(uri("/api/scans"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")), REVIEWER);

        assertEquals(405, delete.status(), delete.text());
        assertEquals("method_not_allowed", delete.body().get("type").asText(), delete.text());
        assertEquals(405, put.status(), put.text());
        assertEquals(404, api.get("/api/nothing-here", VIEWER).status());
    }

    @Test
    void a_401_says_a_bearer_token_is_expected_and_whether_the_one_given_was_invalid() {
        ApiClient.Answer none = api.get("/api/incidents", null);
        ApiClient.Answer wrong = api.get("/api/incidents", "not-a-token-of-ours-0123");

        assertEquals(401, none.status());
        assertEquals("Bearer realm=\"docspace-guard\"", none.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, wrong.status());
        assertEquals("Bearer realm=\"docspace-guard\", error=\"invalid_token\"",
                wrong.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"from\": {\"a\": 1}, \"to\": \"2025-05-14T10:00:00Z\"} | field 'from' must be text",
            "{\"frm\": \"2025-05-14T09:00:00Z\"}                     | unknown field 'frm'; fields: from, to",
            "{\"from\": \"2025-05-14T09:00:00Z\",                    | the body is not valid JSON (line 1",
    })
    void a_malformed_body_is_described_without_java_class_names(String body, String expected) {
        ApiClient.Answer answer = api.post("/api/scans", REVIEWER, body);

        assertEquals(400, answer.status(), answer.text());
        String title = answer.body().get("title").asText();
        assertTrue(title.startsWith(expected), title);
        assertFalse(title.contains("io.docspaceguard") || title.contains("java.") || title.contains("`"), title);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + guard.app().port() + path);
    }
}
