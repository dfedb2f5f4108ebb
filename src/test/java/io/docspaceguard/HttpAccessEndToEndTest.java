package io.docspaceguard;

import static io.docspaceguard.GuardFixture.REVIEWER;
import static io.docspaceguard.GuardFixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may call what over HTTP, and how a refusal looks. */
class HttpAccessEndToEndTest {
    @TempDir
    Path work;
    private GuardFixture guard;
    private ApiClient api;

    @BeforeEach
    void start() {
        guard = new GuardFixture(work, GuardFixture.at("11:00:00"), Map.of()).start();
        api = guard.api();
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void metrics_from_loopback_need_no_token_and_count_scans() {
        guard.portal.addEvent(GuardFixture.at("10:30:00"), "anna", 5034, "anna-f1");
        assertEquals(200, api.post("/api/scans", REVIEWER, "").status());

        ApiClient.Answer metrics = api.get("/metrics", null);

        assertEquals(200, metrics.status(), metrics.text());
        assertTrue(metrics.text().lines().anyMatch(l -> l.matches("# TYPE guard_scans(_total)? counter")),
                metrics.text());
        assertTrue(metrics.text().lines().anyMatch(l -> l.matches("guard_scans_total\\{status=\"ok\"} 1(\\.0)?")),
                metrics.text());
        assertTrue(metrics.text().lines().anyMatch(l -> l.matches("guard_events_new_total\\{status=\"ok\"} 1(\\.0)?")),
                metrics.text());
    }

    @Test
    void metrics_show_the_connection_pool_and_the_waits_of_its_borrowers() {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, api.get("/api/incidents", VIEWER).status());
        }

        String metrics = api.get("/metrics", null).text();

        assertTrue(metrics.lines().anyMatch(l -> l.matches("guard_db_connections\\{state=\"max\"} 10(\\.0)?")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("guard_db_connections{state=\"active\"}")), metrics);
        // Every request borrowed a connection: the acquire histogram counted at least those five.
        double borrowed = metrics.lines().filter(l -> l.startsWith("guard_db_connection_acquire_seconds_count"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertTrue(borrowed >= 5, metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.matches("guard_db_connection_timeouts_total 0(\\.0)?")), metrics);
    }

    @Test
    void a_token_under_another_scheme_than_bearer_is_refused_with_401() {
        for (String header : new String[] {"Basic dmVyYTp2aWV3ZXItdG9rZW4tMDEyMzQ1Njc4OQ==", "Token xyz",
                "Token " + VIEWER, VIEWER}) {
            ApiClient.Answer answer = withAuthorization("/api/incidents", header);

            assertEquals(401, answer.status(), header + " -> " + answer.text());
        }
        assertEquals(200, withAuthorization("/api/incidents", "Bearer " + VIEWER).status());
    }

    @Test
    void a_request_body_over_the_limit_is_refused_with_413_and_nothing_is_done() {
        String comment = "x".repeat(70_000);

        ApiClient.Answer answer = api.post("/api/scans", REVIEWER, "{\"from\":\"" + comment + "\"}");

        assertEquals(413, answer.status(), answer.text());
        assertEquals(413, answer.body().path("status").asInt());
        assertEquals(0, api.get("/api/scans", VIEWER).body().path("items").size());
    }

    @Test
    void a_declared_body_over_the_limit_is_refused_with_413_at_once_without_waiting_for_it() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", guard.app().port())) {
            socket.setSoTimeout(5_000);
            String request = "POST /api/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + REVIEWER
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"a\":12345}";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertTrue(statusLine != null && statusLine.startsWith("HTTP/1.1 413"), statusLine);
        }
        assertEquals(0, api.get("/api/scans", VIEWER).body().path("items").size());
    }

    @Test
    void connections_over_the_limit_wait_to_be_accepted_and_are_served_once_one_closes(@TempDir Path other)
            throws IOException {
        try (GuardFixture limited = new GuardFixture(other, GuardFixture.at("11:00:00"),
                Map.of("GUARD_HTTP_MAX_CONNECTIONS", "2")).start()) {
            int port = limited.app().port();
            try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port);
                 Socket third = new Socket("127.0.0.1", port)) {
                askHealth(second);
                askHealth(third);
                String second200 = statusLine(second, 5_000);
                assertTrue(second200 != null && second200.startsWith("HTTP/1.1 200"), "the second is served: " + second200);
                // The third connected (the kernel's backlog took it) but is not accepted while two are open.
                assertEquals(null, statusLine(third, 1_000), "the third waits");

                first.close();

                String third200 = statusLine(third, 5_000);
                assertTrue(third200 != null && third200.startsWith("HTTP/1.1 200"), "served once one closed: " + third200);
            }
        }
    }

    @Test
    void a_json_null_or_non_object_body_on_a_decision_or_scan_is_a_400() {
        for (String path : List.of("approve", "dismiss", "reenable", "confirm")) {
            for (String body : List.of("null", "[]", "\"text\"", "42")) {
                ApiClient.Answer answer = api.post("/api/incidents/1/" + path, REVIEWER, body);

                assertEquals(400, answer.status(), path + " " + body + " -> " + answer.text());
                assertEquals("bad_request", answer.body().path("type").asText(), answer.text());
            }
        }
        for (String body : List.of("null", "[]", "7")) {
            ApiClient.Answer answer = api.post("/api/scans", REVIEWER, body);

            assertEquals(400, answer.status(), body + " -> " + answer.text());
        }
        assertEquals(0, api.get("/api/scans", VIEWER).body().path("items").size());
    }

    @Test
    void the_console_is_served_with_a_script_policy_and_api_answers_are_never_cached() {
        ApiClient.Answer console = api.get("/", null);
        ApiClient.Answer incidents = api.get("/api/incidents", VIEWER);

        assertEquals(200, console.status());
        assertTrue(console.text().contains("app.js"), console.text());
        String policy = console.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("no-store", incidents.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("nosniff", incidents.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void a_refusal_has_the_one_error_shape_title_status_type() {
        ApiClient.Answer unauthorized = api.get("/api/incidents", null);
        ApiClient.Answer forbidden = api.post("/api/rules/reload", VIEWER, "");

        assertErrorShape(unauthorized, 401, "unauthorized");
        assertErrorShape(forbidden, 403, "forbidden");
        assertTrue(forbidden.body().path("title").asText().contains("admin"), forbidden.text());
        assertFalse(forbidden.text().contains(VIEWER), "an answer never repeats the token");
    }

    private static void assertErrorShape(ApiClient.Answer answer, int status, String type) {
        assertEquals(status, answer.status(), answer.text());
        JsonNode body = answer.body();
        Set<String> fields = new TreeSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("status", "title", "type"), fields, answer.text());
        assertEquals(status, body.path("status").asInt());
        assertEquals(type, body.path("type").asText());
        assertFalse(body.path("title").asText().isBlank(), answer.text());
    }

    private ApiClient.Answer withAuthorization(String path, String header) {
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guard.app().port() + path))
                .header("Authorization", header).GET(), null);
    }

    private static void askHealth(Socket socket) throws IOException {
        socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The answer's status line on the connection; null when none comes within {@code waitMillis}. */
    private static String statusLine(Socket socket, int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        try {
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
