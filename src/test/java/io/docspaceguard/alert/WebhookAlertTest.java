package io.docspaceguard.alert;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.incident.Incident;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookAlertTest {
    private static final String PATH = "/services/T01/B02/hook";

    private WireMockServer server;
    private LogCapture logs;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.stop();
    }

    private AlertService service(int retries, int queueCapacity) {
        URI url = URI.create(server.baseUrl() + PATH);
        return new AlertService(new AlertSettings(url, Duration.ofSeconds(5), retries, null),
                Incidents.fastPacing(queueCapacity));
    }

    private List<LoggedRequest> requests() {
        return server.findAll(postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void the_webhook_receives_the_text_at_top_level_and_the_incident_fields() throws Exception {
        server.stubFor(post(PATH).willReturn(ok()));

        try (AlertService alerts = service(0, 10)) {
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
        }

        List<LoggedRequest> received = requests();
        assertEquals(1, received.size());
        assertTrue(received.get(0).getHeader("Content-Type").startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(received.get(0).getBodyAsString());
        assertEquals("New incident 12: bulk-file-changes for Mark Olsen (b7d1…): 25 files, severity high",
                body.get("text").asText());
        assertEquals("incident_opened", body.get("kind").asText());
        JsonNode incident = body.get("incident");
        assertEquals(12, incident.get("id").asLong());
        assertEquals(Incidents.USER_ID, incident.get("userId").asText());
        assertEquals("Mark Olsen", incident.get("userName").asText());
        assertEquals("bulk-file-changes", incident.get("rule").asText());
        assertEquals("high", incident.get("severity").asText());
        assertEquals("open", incident.get("status").asText());
        assertEquals(25, incident.get("fileCount").asInt());
        assertEquals("2025-03-04T09:10:00Z", incident.get("firstEventAt").asText());
        assertEquals("2025-03-04T09:17:00Z", incident.get("lastEventAt").asText());
        assertEquals("2025-03-04T09:19:00Z", incident.get("createdAt").asText());
        assertEquals("rv-3f9a1c", incident.get("rulesVersion").asText());
        assertTrue(body.get("details").isObject());
    }

    @Test
    void a_user_name_that_looks_like_a_slack_mention_reaches_slack_as_plain_text() throws Exception {
        server.stubFor(post(PATH).willReturn(ok()));
        Incident base = Incidents.bulkChanges();
        Incident mischief = new Incident(base.id(), base.userId(), "<!channel> & co", base.rule(), base.severity(),
                base.status(), base.fileCount(), base.firstEventAt(), base.lastEventAt(), base.createdAt(),
                base.updatedAt(), base.rulesVersion(), false, null, null, null, null, null, null, null, null, null, null, null);

        try (AlertService alerts = service(0, 10)) {
            alerts.announce(Alert.incidentOpened(mischief));
        }

        JsonNode body = new ObjectMapper().readTree(requests().get(0).getBodyAsString());
        assertTrue(body.get("text").asText().contains("&lt;!channel&gt; &amp; co"), body.get("text").asText());
        assertEquals("<!channel> & co", body.get("incident").get("userName").asText());
    }

    @Test
    void an_alert_without_incident_posts_null_incident_and_its_details() throws Exception {
        server.stubFor(post(PATH).willReturn(ok()));

        try (AlertService alerts = service(0, 10)) {
            alerts.announce(Alert.feedDegraded("the plan lacks audit; filters were ignored"));
        }

        JsonNode body = new ObjectMapper().readTree(requests().get(0).getBodyAsString());
        assertEquals("Audit feed degraded: the plan lacks audit; filters were ignored", body.get("text").asText());
        assertTrue(body.get("incident").isNull());
        assertEquals("the plan lacks audit; filters were ignored", body.get("details").get("reason").asText());
    }

    @Test
    void a_server_error_is_retried_and_the_second_attempt_delivers() {
        server.stubFor(post(PATH).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(serverError()).willSetStateTo("recovered"));
        server.stubFor(post(PATH).inScenario("flaky").whenScenarioStateIs("recovered").willReturn(ok()));

        try (AlertService alerts = service(3, 10)) {
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
        }

        assertEquals(2, requests().size());
        assertEquals(List.of(), logs.messages(Level.WARN, "alert delivery failed"));
    }

    @Test
    void delivery_gives_up_after_the_configured_retries_without_troubling_the_caller() {
        server.stubFor(post(PATH).willReturn(serverError()));

        try (AlertService alerts = service(2, 10)) {
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
        }

        assertEquals(3, requests().size());
        List<String> failures = logs.messages(Level.WARN, "alert delivery failed");
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).contains("channel=webhook") && failures.get(0).contains("HTTP 500"),
                failures.get(0));
    }

    @Test
    void a_rate_limited_delivery_waits_as_long_as_retry_after_asks() {
        server.stubFor(post(PATH).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        server.stubFor(post(PATH).inScenario("busy").whenScenarioStateIs("free").willReturn(ok()));
        URI url = URI.create(server.baseUrl() + PATH);
        AlertService.Pacing patient = new AlertService.Pacing(Duration.ofMillis(10), Duration.ofSeconds(5), 10,
                Duration.ofSeconds(15));

        try (AlertService alerts = new AlertService(new AlertSettings(url, Duration.ofSeconds(5), 2, null), patient)) {
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
        }

        List<LoggedRequest> received = requests();
        assertEquals(2, received.size());
        long gapMillis = received.get(1).getLoggedDate().getTime() - received.get(0).getLoggedDate().getTime();
        assertTrue(gapMillis >= 900, "retried after " + gapMillis + " ms, asked for 1 s");
    }

    @Test
    void a_rate_limit_is_retried_but_a_client_error_is_not() {
        server.stubFor(post(PATH).inScenario("limited").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429)).willSetStateTo("refusing"));
        server.stubFor(post(PATH).inScenario("limited").whenScenarioStateIs("refusing")
                .willReturn(aResponse().withStatus(404).withBody("no_service")));

        try (AlertService alerts = service(5, 10)) {
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
        }

        assertEquals(2, requests().size());
        assertTrue(logs.messages(Level.WARN, "alert delivery failed").get(0).contains("HTTP 404 no_service"));
    }

    @Test
    void announce_returns_at_once_while_the_webhook_is_slow() {
        server.stubFor(post(PATH).willReturn(ok().withFixedDelay(2_000)));

        try (AlertService alerts = service(0, 10)) {
            long started = System.nanoTime();
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
            long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(tookMillis < 500, "announce took " + tookMillis + " ms");
        }

        assertEquals(1, requests().size(), "close() lets the queued delivery finish");
    }

    @Test
    void when_the_queue_is_full_the_delivery_is_dropped_with_a_warning_but_the_alert_is_logged() {
        server.stubFor(post(PATH).willReturn(ok().withFixedDelay(1_000)));

        try (AlertService alerts = service(0, 1)) {
            for (int i = 0; i < 3; i++) {
                alerts.announce(Alert.feedDegraded("attempt " + i));
            }
        }

        assertEquals(3, logs.messages(Level.INFO, "alert kind=feed_degraded").size());
        List<String> dropped = logs.messages(Level.WARN, "alert dropped");
        assertEquals(1, dropped.size());
        assertTrue(dropped.get(0).contains("delivery queue full"), dropped.get(0));
        assertEquals(2, requests().size());
    }
}
