package io.docspaceguard.alert;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Slack webhook URL's path is the credential; the SMTP password obviously is. Neither may reach a log. */
class SecretsInLogsTest {
    private static final String SECRET_PATH = "/services/T0SECRET/B0SECRET/xoxWebhookToken42";
    private static final String SECRET_QUERY = "sig=query-secret-77";
    private static final String SMTP_PASSWORD = "Sm7p-Pa55word!";

    @Test
    void a_failing_webhook_is_logged_by_host_only_even_when_the_server_echoes_the_url() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        try (LogCapture logs = new LogCapture()) {
            server.stubFor(post(urlPathEqualTo(SECRET_PATH)).willReturn(aResponse().withStatus(503)
                    .withBody("bad gateway for " + SECRET_PATH + "?" + SECRET_QUERY)));
            URI url = URI.create(server.baseUrl() + SECRET_PATH + "?" + SECRET_QUERY);

            try (AlertService alerts = new AlertService(new AlertSettings(url, Duration.ofSeconds(5), 1, null),
                    Incidents.fastPacing(10))) {
                alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
            }

            List<String> failures = logs.messages(Level.WARN, "alert delivery failed");
            assertEquals(1, failures.size(), logs.all());
            assertTrue(failures.get(0).contains("target=http://localhost:" + server.port()), failures.get(0));
            assertTrue(failures.get(0).contains("HTTP 503"), failures.get(0));
            assertNoSecret(logs.all());
        } finally {
            server.stop();
        }
    }

    @Test
    void an_unreachable_webhook_and_smtp_server_are_logged_without_path_query_or_password() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + SECRET_PATH + "?" + SECRET_QUERY);
        AlertSettings.Smtp smtp = new AlertSettings.Smtp("127.0.0.1", closedPort, "guard", SMTP_PASSWORD, false,
                "docspace-guard@example.com", "security@example.com");

        try (LogCapture logs = new LogCapture()) {
            try (AlertService alerts = new AlertService(new AlertSettings(url, Duration.ofSeconds(2), 1, smtp),
                    Incidents.fastPacing(10))) {
                alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
            }

            List<String> failures = logs.messages(Level.WARN, "alert delivery failed");
            assertEquals(2, failures.size(), logs.all());
            assertTrue(failures.stream().anyMatch(f -> f.contains("channel=webhook")), logs.all());
            assertTrue(failures.stream().anyMatch(f -> f.contains("channel=email")), logs.all());
            assertNoSecret(logs.all());
        }
    }

    @Test
    void settings_describe_themselves_without_secrets() {
        AlertSettings settings = new AlertSettings(URI.create("https://hooks.slack.com" + SECRET_PATH),
                Duration.ofSeconds(10), 3, new AlertSettings.Smtp("smtp.example.com", 587, "guard", SMTP_PASSWORD,
                true, "docspace-guard@example.com", "security@example.com"));

        String text = settings.toString();

        assertTrue(text.contains("hooks.slack.com") && text.contains("smtp.example.com"), text);
        assertNoSecret(text);
    }

    private static void assertNoSecret(String text) {
        for (String secret : List.of("T0SECRET", "xoxWebhookToken42", "query-secret-77", SMTP_PASSWORD)) {
            assertFalse(text.contains(secret), "'" + secret + "' leaked:\n" + text);
        }
    }
}
