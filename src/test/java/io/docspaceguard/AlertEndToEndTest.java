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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as configured from the environment announces new incidents to the alert webhook. */
class AlertEndToEndTest {
    private final WireMockServer hook = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private GuardFixture guard;

    @BeforeEach
    void start(@TempDir Path work) {
        hook.start();
        hook.stubFor(post(urlEqualTo("/services/T000/B000/secret")).willReturn(aResponse().withStatus(200)));
        guard = new GuardFixture(work, GuardFixture.at("11:00:00"), Map.of(
                "GUARD_ALERT_WEBHOOK_URL", hook.baseUrl() + "/services/T000/B000/secret")).start();
    }

    @AfterEach
    void stop() {
        guard.close();
        hook.stop();
    }

    @Test
    void a_new_incident_reaches_the_webhook_with_slack_text_and_the_incident() throws Exception {
        guard.portal.addUser("b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77", "Mark Olsen", false, false);
        guard.series("b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77", 5034, "10:30:00", 5, 25, 25);

        guard.scan("");

        List<LoggedRequest> received = waitForRequests(Duration.ofSeconds(10));
        JsonNode body = new ObjectMapper().readTree(received.get(0).getBodyAsString());
        assertTrue(body.path("text").asText().startsWith("New incident "), body.toString());
        assertTrue(body.path("text").asText().contains("Mark Olsen"), body.toString());
        assertEquals("incident_opened", body.path("kind").asText());
        assertEquals("bulk-file-changes", body.path("incident").path("rule").asText());
        assertEquals(25, body.path("incident").path("fileCount").asInt());
    }

    /** Delivery runs in the background: wait, bounded, for the first request. */
    private List<LoggedRequest> waitForRequests(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        List<LoggedRequest> received = List.of();
        while (received.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            received = hook.findAll(postRequestedFor(urlEqualTo("/services/T000/B000/secret")));
        }
        assertEquals(1, received.size(), "exactly one alert for one new incident");
        return received;
    }
}
