package io.docspaceguard.docspace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpDocSpaceClientTest {
    private static final String AUDIT = HttpDocSpaceClient.AUDIT_PATH;
    private static final Instant FROM = Instant.parse("2025-05-14T08:30:00Z");
    private static final Instant TO = Instant.parse("2025-05-14T08:45:00Z");
    private static final String MARK = "b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77";

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpDocSpaceClient client(int maxRetries) {
        return new HttpDocSpaceClient(server.baseUrl(), Fixtures.KEY, Fixtures.fast(maxRetries));
    }

    private static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(Fixtures.read(fixture));
    }

    private void stubAudit(ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo(AUDIT)).willReturn(response));
    }

    @Test
    void the_window_is_sent_as_utc_seconds_widened_outward_with_count_start_index_and_bearer_key() {
        stubAudit(json(200, "audit-page.json"));

        client(0).auditEvents(Instant.parse("2025-05-14T08:30:00.750Z"), Instant.parse("2025-05-14T08:45:00.001Z"),
                200, 100);

        server.verify(getRequestedFor(urlPathEqualTo(AUDIT))
                .withQueryParam("from", equalTo("2025-05-14T08:30:00Z"))
                .withQueryParam("to", equalTo("2025-05-14T08:45:01Z"))
                .withQueryParam("count", equalTo("100"))
                .withQueryParam("startIndex", equalTo("200"))
                .withHeader("Authorization", equalTo("Bearer " + Fixtures.KEY))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void count_is_clamped_to_the_1_to_100_range_docspace_accepts() {
        stubAudit(json(200, "audit-page.json"));
        HttpDocSpaceClient client = client(0);

        client.auditEvents(FROM, TO, 0, 500);
        client.auditEvents(FROM, TO, 0, 0);

        server.verify(1, getRequestedFor(urlPathEqualTo(AUDIT)).withQueryParam("count", equalTo("100")));
        server.verify(1, getRequestedFor(urlPathEqualTo(AUDIT)).withQueryParam("count", equalTo("1")));
    }

    @Test
    void portal_zone_dates_become_utc_instants_and_optional_fields_default() {
        stubAudit(json(200, "audit-page.json"));

        AuditPage page = client(0).auditEvents(FROM, TO, 0, 100);

        assertEquals(4, page.received());
        assertEquals(List.of(), page.rejected());
        AuditEntry trash = page.events().get(0);
        assertEquals(184611, trash.id());
        assertEquals(Instant.parse("2025-05-14T08:41:19Z"), trash.at());
        assertEquals(MARK, trash.userId(), "user id is lower-cased");
        assertEquals("Mark Olsen", trash.userName());
        assertEquals(5017, trash.actionId());
        assertEquals(List.of("48877"), trash.target());
        assertEquals(List.of(1), trash.entries());

        AuditEntry move = page.events().get(1);
        assertEquals(Instant.parse("2025-05-14T08:40:02Z"), move.at());
        assertEquals(List.of("48213", "1290"), move.target());
        assertEquals(List.of(1, 2), move.entries());

        AuditEntry settings = page.events().get(2);
        assertEquals(6032, settings.actionId());
        assertEquals(List.of(), settings.target());
        assertEquals(List.of(), settings.entries());

        AuditEntry bare = page.events().get(3);
        assertEquals(Instant.parse("2025-05-14T08:34:52Z"), bare.at());
        assertNull(bare.userName());
        assertNull(bare.action());
        assertEquals(List.of(), bare.target());
    }

    @Test
    void each_event_keeps_the_exact_json_text_docspace_sent() {
        stubAudit(json(200, "audit-page.json"));

        AuditEntry trash = client(0).auditEvents(FROM, TO, 0, 100).events().get(0);

        assertTrue(trash.raw().startsWith("{\n      \"id\": 184611,"), trash.raw());
        assertTrue(trash.raw().endsWith("\"context\": \"My documents\"\n    }"), trash.raw());
        assertTrue(trash.raw().contains("B7D1E0C2-54AF"), "raw keeps the original casing");
    }

    @Test
    void malformed_items_are_rejected_with_a_reason_and_valid_ones_are_kept() {
        stubAudit(json(200, "audit-malformed.json"));

        AuditPage page = client(0).auditEvents(FROM, TO, 0, 100);

        assertEquals(6, page.received());
        assertEquals(List.of(9001L), page.events().stream().map(AuditEntry::id).toList());
        List<RejectedEvent> rejected = page.rejected();
        assertEquals(5, rejected.size());
        assertTrue(rejected.get(0).reason().contains("id"), rejected.get(0).reason());
        assertTrue(rejected.get(1).reason().contains("unparsable date"), rejected.get(1).reason());
        assertTrue(rejected.get(1).raw().contains("\"id\": 9003"), rejected.get(1).raw());
        assertTrue(rejected.get(2).reason().contains("userId"), rejected.get(2).reason());
        assertTrue(rejected.get(3).reason().contains("actionId"), rejected.get(3).reason());
        assertTrue(rejected.get(4).reason().contains("unparsable date 'yesterday'"), rejected.get(4).reason());
    }

    @Test
    void a_429_is_retried_after_the_retry_after_delay() {
        server.stubFor(get(urlPathEqualTo(AUDIT)).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo(AUDIT)).inScenario("rate").whenScenarioStateIs("ok")
                .willReturn(json(200, "audit-page.json")));
        HttpDocSpaceClient client = new HttpDocSpaceClient(server.baseUrl(), Fixtures.KEY,
                new HttpDocSpaceClient.Settings(Duration.ofMillis(500), Duration.ofSeconds(2), 2,
                        Duration.ofMillis(5), Duration.ofSeconds(5)));

        long started = System.nanoTime();
        AuditPage page = client.auditEvents(FROM, TO, 0, 100);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(4, page.events().size());
        assertTrue(elapsedMs >= 1000, "waited only " + elapsedMs + " ms");
        server.verify(2, getRequestedFor(urlPathEqualTo(AUDIT)));
    }

    @Test
    void a_retry_after_longer_than_max_backoff_is_capped() {
        server.stubFor(get(urlPathEqualTo(AUDIT)).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo(AUDIT)).inScenario("rate").whenScenarioStateIs("ok")
                .willReturn(json(200, "audit-page.json")));

        long started = System.nanoTime();
        client(1).auditEvents(FROM, TO, 0, 100);

        assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos());
        server.verify(2, getRequestedFor(urlPathEqualTo(AUDIT)));
    }

    @Test
    void a_503_is_retried_then_gives_up_with_status_503() {
        stubAudit(aResponse().withStatus(503).withBody("Service Unavailable"));

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> client(2).auditEvents(FROM, TO, 0, 100));

        assertEquals(503, e.status());
        server.verify(3, getRequestedFor(urlPathEqualTo(AUDIT)));
    }

    @Test
    void a_502_with_an_html_body_is_retried_and_reported_without_a_parse_error() {
        stubAudit(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody(Fixtures.read("bad-gateway-502.html")));

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> client(1).auditEvents(FROM, TO, 0, 100));

        assertEquals(502, e.status());
        assertEquals("HTTP 502 Bad Gateway", e.getMessage());
        server.verify(2, getRequestedFor(urlPathEqualTo(AUDIT)));
    }

    @ParameterizedTest
    @CsvSource({
        "401, , HTTP 401 Unauthorized",
        "402, error-402.json, Your pricing plan does not support this option",
        "403, error-403.json, Access denied",
        "404, , HTTP 404 Not Found",
        "500, error-500.json, Object reference not set to an instance of an object.",
    })
    void client_errors_and_a_500_are_not_retried_and_carry_docspace_message(int status, String fixture,
                                                                           String message) {
        stubAudit(fixture == null ? aResponse().withStatus(status) : json(status, fixture));

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> client(3).auditEvents(FROM, TO, 0, 100));

        assertEquals(status, e.status());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        server.verify(1, getRequestedFor(urlPathEqualTo(AUDIT)));
    }

    @Test
    void a_validation_envelope_with_status_1_is_an_error_even_inside_a_200() {
        stubAudit(json(200, "validation-400.json"));

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> client(3).auditEvents(FROM, TO, 0, 100));

        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("One or more validation errors occurred."), e.getMessage());
        assertTrue(e.getMessage().contains("Count"), e.getMessage());
        server.verify(1, getRequestedFor(urlPathEqualTo(AUDIT)));
    }

    @Test
    void a_slow_answer_times_out_is_retried_and_then_fails_with_status_0() {
        stubAudit(json(200, "audit-page.json").withFixedDelay(1500));
        HttpDocSpaceClient client = new HttpDocSpaceClient(server.baseUrl(), Fixtures.KEY,
                new HttpDocSpaceClient.Settings(Duration.ofMillis(500), Duration.ofMillis(150), 1,
                        Duration.ofMillis(5), Duration.ofMillis(50)));

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> client.auditEvents(FROM, TO, 0, 100));

        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("HttpTimeoutException"), e.getMessage());
        server.verify(2, getRequestedFor(urlPathEqualTo(AUDIT)));
    }

    @Test
    void a_timeout_followed_by_a_fast_answer_succeeds() {
        server.stubFor(get(urlPathEqualTo(AUDIT)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "audit-page.json").withFixedDelay(1500)).willSetStateTo("fast"));
        server.stubFor(get(urlPathEqualTo(AUDIT)).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(json(200, "audit-page.json")));
        HttpDocSpaceClient client = new HttpDocSpaceClient(server.baseUrl(), Fixtures.KEY,
                new HttpDocSpaceClient.Settings(Duration.ofMillis(500), Duration.ofMillis(300), 1,
                        Duration.ofMillis(5), Duration.ofMillis(50)));

        assertEquals(4, client.auditEvents(FROM, TO, 0, 100).events().size());
    }

    @Test
    void an_unreachable_portal_fails_with_status_0_after_retries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpDocSpaceClient client = new HttpDocSpaceClient("http://127.0.0.1:" + closedPort, Fixtures.KEY,
                Fixtures.fast(2));

        DocSpaceException e = assertThrows(DocSpaceException.class, client::self);

        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void self_and_person_map_the_employee_dto() {
        server.stubFor(get(urlEqualTo("/api/2.0/people/@self")).willReturn(json(200, "people-self.json")));
        server.stubFor(get(urlEqualTo("/api/2.0/people/" + MARK)).willReturn(json(200, "people-user.json")));
        HttpDocSpaceClient client = client(0);

        assertEquals(new Person("0c6e3d7a-1f2b-4c5d-9e8f-7a6b5c4d3e2f", "Olga Brandt", 1, true, false, false),
                client.self());
        assertEquals(new Person(MARK, "Mark Olsen", 1, false, false, true), client.person(MARK));
    }

    @Test
    void set_status_sends_exactly_one_id_to_the_status_path_and_reads_the_array() {
        server.stubFor(put(urlEqualTo("/api/2.0/people/status/2")).willReturn(json(200, "people-status-2.json")));

        Person person = client(0).setStatus(MARK, Person.DISABLED);

        assertEquals(Person.DISABLED, person.status());
        assertEquals(MARK, person.id());
        server.verify(1, putRequestedFor(urlEqualTo("/api/2.0/people/status/2"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", equalTo("Bearer " + Fixtures.KEY))
                .withRequestBody(equalToJson("{\"userIds\":[\"" + MARK + "\"]}")));
    }

    @Test
    void a_status_write_whose_answer_is_lost_is_sent_once_and_fails_with_status_0() {
        server.stubFor(put(urlEqualTo("/api/2.0/people/status/2"))
                .willReturn(json(200, "people-status-2.json").withFixedDelay(1500)));
        HttpDocSpaceClient client = new HttpDocSpaceClient(server.baseUrl(), Fixtures.KEY,
                new HttpDocSpaceClient.Settings(Duration.ofMillis(500), Duration.ofMillis(150), 3,
                        Duration.ofMillis(5), Duration.ofMillis(50)));

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> client.setStatus(MARK, Person.DISABLED));

        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("no answer"), e.getMessage());
        server.verify(1, putRequestedFor(urlEqualTo("/api/2.0/people/status/2")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"502", "504", "500"})
    void a_status_write_answered_with_a_server_error_is_not_sent_again(int status) {
        server.stubFor(put(urlEqualTo("/api/2.0/people/status/2")).willReturn(aResponse().withStatus(status)));

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> client(3).setStatus(MARK, Person.DISABLED));

        assertEquals(status, e.status());
        server.verify(1, putRequestedFor(urlEqualTo("/api/2.0/people/status/2")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"429", "503"})
    void a_status_write_turned_away_before_it_was_handled_is_retried(int status) {
        server.stubFor(put(urlEqualTo("/api/2.0/people/status/2")).inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(status).withHeader("Retry-After", "0")).willSetStateTo("free"));
        server.stubFor(put(urlEqualTo("/api/2.0/people/status/2")).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(json(200, "people-status-2.json")));

        assertEquals(Person.DISABLED, client(2).setStatus(MARK, Person.DISABLED).status());
        server.verify(2, putRequestedFor(urlEqualTo("/api/2.0/people/status/2")));
    }

    @Test
    void set_status_refuses_anything_but_active_or_disabled_without_calling_docspace() {
        HttpDocSpaceClient client = client(0);

        assertThrows(IllegalArgumentException.class, () -> client.setStatus(MARK, Person.PENDING));
        assertThrows(IllegalArgumentException.class, () -> client.setStatus(MARK, 7));
        assertEquals(0, server.getAllServeEvents().size());
    }

    @Test
    void user_ids_that_could_change_the_url_path_are_refused() {
        HttpDocSpaceClient client = client(0);

        assertThrows(IllegalArgumentException.class, () -> client.person("../security/audit/events/last"));
        assertThrows(IllegalArgumentException.class, () -> client.setStatus("a/b", Person.DISABLED));
        assertEquals(0, server.getAllServeEvents().size());
    }

    @Test
    void the_api_key_never_appears_in_exception_messages_or_to_string() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401)));
        server.stubFor(put(anyUrl()).willReturn(json(403, "error-403.json")));
        HttpDocSpaceClient client = client(0);

        List<DocSpaceException> failures = List.of(
                assertThrows(DocSpaceException.class, client::self),
                assertThrows(DocSpaceException.class, () -> client.setStatus(MARK, 2)),
                assertThrows(DocSpaceException.class, () -> new HttpDocSpaceClient("http://127.0.0.1:1",
                        Fixtures.KEY, Fixtures.fast(0)).self()));

        for (DocSpaceException e : failures) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t).contains(Fixtures.KEY.substring(3)), String.valueOf(t));
            }
        }
        assertFalse(client.toString().contains(Fixtures.KEY.substring(3)));
        server.verify(2, anyRequestedFor(anyUrl()));
    }
}
