package io.docspaceguard;

import static io.docspaceguard.GuardFixture.VIEWER;
import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import io.docspaceguard.alert.LogCapture;
import io.docspaceguard.docspace.Deliveries;
import io.docspaceguard.docspace.WebhookSignature;
import io.docspaceguard.scan.ScanReport;
import io.docspaceguard.scan.Scanner;
import io.docspaceguard.store.PushedEventDao;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The DocSpace webhook receiver through HTTP, on the whole service with a fake portal and scheduled scans off: a
 * pushed burst opens its incident within the requests, and the audit poll reading the same actions later neither
 * opens another nor counts a file twice; only deliveries signed with the shared secret are taken.
 */
class WebhookEndToEndTest {
    static final String SECRET = "webhook-secret-0123456789abcdef";
    static final String PATH = "/api/webhooks/docspace";
    static final String MALLORY = "0a0a0a0a-0000-4000-8000-00000000000c";
    static final Instant BURST = at("10:10:00");

    @TempDir
    Path work;
    private GuardFixture guard;
    private final WebhookSignature docSpace = new WebhookSignature(SECRET);

    @BeforeEach
    void start() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of("GUARD_WEBHOOK_SECRET", SECRET)).start();
        guard.portal.addUser(MALLORY, "Mallory", false, false);
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void a_pushed_burst_opens_one_incident_at_once_and_the_audit_poll_of_the_same_actions_counts_no_file_twice() {
        for (int n = 0; n < 20; n++) {
            assertEquals(200, deliver(update(n)).status());
        }
        assertEquals(0, incidents().size(), "20 files are not more than the limit");

        ApiClient.Answer crossing = deliver(update(20));

        assertEquals(200, crossing.status(), crossing.text());
        assertEquals("evaluated", crossing.body().path("result").asText());
        assertEquals(1, crossing.body().path("incidentsOpened").asInt());
        for (int n = 21; n < 25; n++) {
            deliver(update(n));
        }
        JsonNode pushed = onlyIncident();
        assertEquals("bulk-file-changes", pushed.path("rule").asText());
        assertEquals(25, pushed.path("fileCount").asInt());

        for (int n = 0; n < 25; n++) {
            guard.portal.addEvent(BURST.plusSeconds(10L * n + 4), MALLORY, 5034, file(n)); // the audit rows, later
        }
        ScanReport poll = guard.app().scanner().scan(Scanner.Trigger.API);

        assertEquals(25, poll.eventsNew());
        assertEquals(0, poll.incidentsOpened());
        JsonNode polled = onlyIncident();
        assertEquals(pushed.path("id").asLong(), polled.path("id").asLong());
        assertEquals(25, polled.path("fileCount").asInt());

        ApiClient.Answer replay = deliver(update(7));

        assertEquals(200, replay.status());
        assertEquals("replayed", replay.body().path("result").asText());
        assertEquals(polled, onlyIncident());
        assertEquals(25, pushedRows());
    }

    @Test
    void a_signature_in_upper_or_lower_case_hex_is_accepted() {
        String first = update(0);
        String second = update(1);

        assertEquals(200, deliver(first, docSpace.sign(bytes(first))).status());
        assertEquals(200, deliver(second, docSpace.sign(bytes(second)).toLowerCase(Locale.ROOT)).status());
        assertEquals(2, pushedRows());
    }

    @Test
    void a_delivery_without_a_signature_is_refused_with_401_and_nothing_is_stored() {
        ApiClient.Answer answer = deliver(update(0), null);

        assertEquals(401, answer.status(), answer.text());
        assertEquals("bad_signature", answer.body().path("type").asText());
        assertTrue(answer.body().path("title").asText().contains("x-docspace-signature-256"), answer.text());
        assertEquals(0, pushedRows());
    }

    @Test
    void a_bad_signature_a_wrong_secret_or_a_body_altered_after_signing_is_refused_with_401() {
        String body = update(0);
        String altered = body.replace("\"id\":1000", "\"id\":1001");

        assertEquals(401, deliver(body, "sha256=" + "AB".repeat(32)).status());
        assertEquals(401, deliver(body, new WebhookSignature("not-the-shared-secret").sign(bytes(body))).status());
        assertEquals(401, deliver(altered, docSpace.sign(bytes(body))).status());
        assertEquals(401, deliver(body, "sha256=not-hex").status());
        ApiClient.Answer bearerOnly = guard.api().send(request(body), GuardFixture.ADMIN);
        assertEquals(401, bearerOnly.status(), "an API token is no credential here");
        assertEquals(0, pushedRows());
        assertEquals(0, incidents().size());
    }

    @Test
    void a_replayed_delivery_is_answered_200_and_changes_nothing() {
        String body = update(0);
        assertEquals("evaluated", deliver(body).body().path("result").asText());

        ApiClient.Answer replay = deliver(body);

        assertEquals(200, replay.status());
        assertEquals("replayed", replay.body().path("result").asText());
        assertEquals(1000, replay.body().path("deliveryId").asLong());
        assertEquals(1, pushedRows());
    }

    @Test
    void signed_malformed_json_is_a_400_and_an_unused_trigger_is_accepted_and_ignored() {
        ApiClient.Answer malformed = deliver("{\"event\": {\"id\": 12,");
        String created = Deliveries.body(77, BURST, MALLORY, "user.created", "1");
        ApiClient.Answer ignored = deliver(created);

        assertEquals(400, malformed.status(), malformed.text());
        assertTrue(malformed.body().path("title").asText().startsWith("not a DocSpace webhook delivery"));
        assertEquals(200, ignored.status(), ignored.text());
        assertEquals("ignored", ignored.body().path("result").asText());
        assertEquals(0, pushedRows());
    }

    @Test
    void the_secret_reaches_no_log_line_even_at_debug_level() {
        Logger service = (Logger) LoggerFactory.getLogger("io.docspaceguard");
        Level before = service.getLevel();
        service.setLevel(Level.DEBUG);
        try (LogCapture logs = new LogCapture()) {
            guard.restart();
            deliver(update(0));
            deliver(update(0));
            deliver(update(1), "sha256=" + "00".repeat(32));
            deliver("{\"event\":", docSpace.sign(bytes("{\"event\":")));

            assertTrue(logs.all().contains("webhook delivery=1000"), logs.all());
            assertFalse(logs.all().contains(SECRET), logs.all());
        } finally {
            service.setLevel(before);
        }
    }

    @Test
    void without_a_secret_the_route_does_not_exist() {
        guard.close();
        guard = new GuardFixture(work.resolve("off"), at("11:00:00"), Map.of()).start();

        ApiClient.Answer answer = deliver(update(0));

        assertEquals(404, answer.status());
        assertFalse(answer.text().contains("evaluated"));
    }

    private static String update(int n) {
        return Deliveries.body(1000 + n, BURST.plusSeconds(10L * n), MALLORY, "file.updated", file(n));
    }

    private static String file(int n) {
        return String.valueOf(4000 + n);
    }

    private ApiClient.Answer deliver(String body) {
        return deliver(body, docSpace.sign(bytes(body)));
    }

    private ApiClient.Answer deliver(String body, String signature) {
        HttpRequest.Builder request = request(body);
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return guard.api().send(request, null);
    }

    private HttpRequest.Builder request(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guard.app().port() + PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode incidents() {
        return guard.api().get("/api/incidents", VIEWER).body().path("items");
    }

    private JsonNode onlyIncident() {
        JsonNode items = incidents();
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    private long pushedRows() {
        return guard.app().jdbi().onDemand(PushedEventDao.class).count();
    }
}
