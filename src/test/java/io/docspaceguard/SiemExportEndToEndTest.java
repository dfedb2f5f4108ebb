package io.docspaceguard;

import static io.docspaceguard.GuardFixture.REVIEWER;
import static io.docspaceguard.GuardFixture.VIEWER;
import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.alert.LogCapture;
import io.docspaceguard.alert.SyslogCollector;
import io.docspaceguard.alert.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service with syslog and the SIEM file configured: incidents and reviewers' decisions reach both, the
 * trail entries in the order the trail has them; a collector that is down changes nothing about a decision.
 */
class SiemExportEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MSGID_AND_SD = Pattern.compile("<\\d+>1 \\S+ \\S+ docspace-guard \\S+ (\\S+) (\\[.*?\\]) .*",
            Pattern.DOTALL);

    @TempDir
    Path work;
    private GuardFixture guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    @Test
    void opening_approving_and_dismissing_reach_syslog_and_the_file_as_alerts_and_trail_entries() throws Exception {
        Path file = work.resolve("events.jsonl");
        try (SyslogCollector collector = SyslogCollector.plain()) {
            guard = new GuardFixture(work, at("11:00:00"), Map.of("GUARD_SIEM_FILE", file.toString(),
                    "GUARD_SYSLOG_HOST", "127.0.0.1", "GUARD_SYSLOG_PORT", String.valueOf(collector.port()),
                    "GUARD_SYSLOG_TLS", "false")).start();
            guard.portal.addUser("anna", "Anna Berg", false, false);
            guard.portal.addUser("bob", "Bob Dale", false, false);
            guard.series("anna", 5034, "09:00:00", 10, 25, 25);
            guard.series("bob", 5034, "09:00:00", 10, 25, 25);
            assertEquals(2, guard.scan("").body().path("incidentsOpened").asInt());
            long anna = incidentOf("anna");
            long bob = incidentOf("bob");
            assertEquals(200, post(anna, "approve", "{\"comment\":\"confirmed with her manager\"}").status());
            assertEquals(200, post(bob, "dismiss", "{\"reason\":\"expected_activity\",\"comment\":\"a planned migration\"}").status());
            guard.close(); // lets the queued exports finish
            guard = null;

            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                lines.add(JSON.readTree(line));
            }
            List<String> trail = lines.stream().filter(l -> l.path("kind").asText().equals("trail"))
                    .map(l -> l.path("trail").path("action").asText() + " " + l.path("trail").path("incidentId")
                            .asLong() + " " + l.path("trail").path("actor").asText()).toList();
            assertEquals(Set.of("open " + anna + " rule:bulk-file-changes", "open " + bob + " rule:bulk-file-changes"),
                    Set.copyOf(trail.subList(0, 2)));
            assertEquals(List.of("approve " + anna + " rick", "dismiss " + bob + " rick"), trail.subList(2, 4));
            assertEquals(2, lines.stream().filter(l -> l.path("kind").asText().equals("incident_opened")).count());
            JsonNode approve = lines.stream().filter(l -> l.path("trail").path("action").asText().equals("approve"))
                    .findFirst().orElseThrow();
            assertEquals("confirmed with her manager", approve.path("trail").path("comment").asText());
            assertEquals(at("11:00:00").toString(), approve.path("@timestamp").asText());

            List<String> frames = new ArrayList<>();
            for (int n = 0; n < lines.size(); n++) {
                Matcher m = MSGID_AND_SD.matcher(collector.next().text());
                assertTrue(m.matches());
                frames.add(m.group(1) + " " + m.group(2));
            }
            assertTrue(frames.contains("trail [guard@32473 trailId=\"" + approve.path("trail").path("id").asLong()
                    + "\" action=\"approve\" actor=\"rick\" incidentId=\"" + anna + "\" userId=\"anna\"]"), frames.toString());
            assertEquals(4, frames.stream().filter(f -> f.startsWith("trail ")).count());
            assertEquals(2, frames.stream().filter(f -> f.startsWith("incident_opened ")).count());
        }
    }

    @Test
    void a_collector_that_cannot_be_trusted_does_not_change_a_decision_and_the_failed_export_is_a_warning()
            throws Exception {
        // A certificate from an unknown CA fails each delivery at once (no retries), so nothing waits on backoff.
        TestCertificates collectorCert = TestCertificates.create(work, "collector", "ip:127.0.0.1");
        TestCertificates otherCa = TestCertificates.create(work, "other", "ip:127.0.0.1");
        try (LogCapture logs = new LogCapture();
             SyslogCollector collector = SyslogCollector.tls(collectorCert.keyStore(), TestCertificates.PASSWORD)) {
            guard = new GuardFixture(work, at("11:00:00"), Map.of("GUARD_SYSLOG_HOST", "127.0.0.1",
                    "GUARD_SYSLOG_PORT", String.valueOf(collector.port()),
                    "GUARD_SYSLOG_CA_FILE", otherCa.pem().toString())).start();
            guard.portal.addUser("anna", "Anna Berg", false, false);
            long anna = incidentAfterBurstBy("anna");

            ApiClient.Answer approved = post(anna, "approve", "{\"comment\":\"confirmed\"}");

            assertEquals(200, approved.status(), approved.text());
            assertEquals("disabled", approved.body().path("status").asText());
            assertEquals(2, guard.portal.statusOf("anna"));
            JsonNode trail = guard.api().get("/api/audit-trail?incidentId=" + anna, VIEWER).body().path("items");
            assertEquals(List.of("approve", "open"), List.of(trail.get(0).path("action").asText(),
                    trail.get(1).path("action").asText()));
            guard.close(); // lets the queued exports finish
            guard = null;
            assertTrue(logs.all().contains("trail export failed entry=" + trail.get(0).path("id").asLong()
                    + " action=approve channel=syslog target=syslog+tls://127.0.0.1:" + collector.port()
                    + " cause=SSLHandshakeException"), logs.all());
            assertEquals(List.of(), collector.pending());
        }
    }

    private long incidentAfterBurstBy(String userId) {
        guard.series(userId, 5034, "09:00:00", 10, 25, 25);
        assertEquals(1, guard.scan("").body().path("incidentsOpened").asInt());
        return incidentOf(userId);
    }

    private long incidentOf(String userId) {
        return guard.api().get("/api/incidents?userId=" + userId, VIEWER).body().path("items").get(0).path("id")
                .asLong();
    }

    private ApiClient.Answer post(long id, String action, String body) {
        return guard.api().post("/api/incidents/" + id + "/" + action, REVIEWER, body);
    }
}
