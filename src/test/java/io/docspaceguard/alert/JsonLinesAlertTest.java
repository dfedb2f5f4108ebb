package io.docspaceguard.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.incident.TrailEntry;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SIEM file: one JSON object per line, appended, whole lines even with many writers. */
class JsonLinesAlertTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-03-04T09:20:00Z");

    @TempDir
    Path dir;

    private AlertService service(Path file) {
        return new AlertService(new AlertSettings(null, Duration.ofSeconds(5), 1, null, null, file),
                Incidents.fastPacing(10), delivered -> { }, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static JsonLinesChannel channel(Path file) {
        return new JsonLinesChannel(file, 1, Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @Test
    void an_alert_and_a_trail_entry_become_one_json_line_each() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Alert alert = Alert.incidentOpened(Incidents.bulkChanges());
        try (AlertService alerts = service(file)) {
            alerts.announce(alert);
            alerts.export(new TrailEntry(7L, Instant.parse("2025-03-04T10:00:00Z"), "rick", "approve", 12L,
                    Incidents.USER_ID, "line one\nline \"two\"", "DocSpace 200", "rv-3f9a1c"));
        }

        List<JsonNode> lines = lines(file);
        assertEquals(2, lines.size());
        JsonNode opened = lines.get(0);
        assertEquals("2025-03-04T09:20:00Z", opened.path("@timestamp").asText());
        assertEquals("incident_opened", opened.path("kind").asText());
        assertEquals("err", opened.path("severity").asText());
        assertEquals(alert.text(), opened.path("message").asText());
        assertEquals(12, opened.path("incident").path("id").asLong());
        assertEquals("bulk-file-changes", opened.path("incident").path("rule").asText());
        assertEquals(Incidents.USER_ID, opened.path("incident").path("userId").asText());
        assertEquals("open", opened.path("incident").path("status").asText());
        assertEquals(25, opened.path("incident").path("fileCount").asInt());

        JsonNode trail = lines.get(1);
        assertEquals("2025-03-04T10:00:00Z", trail.path("@timestamp").asText());
        assertEquals("trail", trail.path("kind").asText());
        assertEquals("info", trail.path("severity").asText());
        assertEquals(7, trail.path("trail").path("id").asLong());
        assertEquals("rick", trail.path("trail").path("actor").asText());
        assertEquals("approve", trail.path("trail").path("action").asText());
        assertEquals(12, trail.path("trail").path("incidentId").asLong());
        assertEquals("line one\nline \"two\"", trail.path("trail").path("comment").asText());
        assertEquals("DocSpace 200", trail.path("trail").path("outcome").asText());
        assertTrue(trail.path("incident").isMissingNode());
    }

    @Test
    void lines_are_appended_to_what_the_file_already_holds() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"kind\":\"earlier\"}\n");

        try (AlertService alerts = service(file)) {
            alerts.announce(Alert.feedDegraded("plan lacks audit"));
        }

        assertEquals(List.of("earlier", "feed_degraded"), lines(file).stream().map(l -> l.path("kind").asText())
                .toList());
    }

    @Test
    void many_threads_appending_at_once_leave_only_whole_lines() throws Exception {
        Path file = dir.resolve("events.jsonl");
        int threads = 8;
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (JsonLinesChannel channel = channel(file)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String filler = String.valueOf((char) ('a' + t)).repeat(5_000);
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int n = 0; n < each; n++) {
                        channel.deliver(SiemEvent.of(Alert.feedDegraded(thread + ":" + n + ":" + filler), NOW));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        List<JsonNode> lines = lines(file);
        assertEquals(threads * each, lines.size());
        Set<String> seen = new HashSet<>();
        for (JsonNode line : lines) {
            String[] parts = line.path("message").asText().substring("Audit feed degraded: ".length()).split(":");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(String.valueOf((char) ('a' + thread)).repeat(5_000), parts[2]);
            assertTrue(seen.add(parts[0] + ":" + parts[1]), "line written twice: " + parts[0] + ":" + parts[1]);
        }
    }

    @Test
    void a_file_moved_away_by_log_rotation_is_created_again_at_the_configured_path() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Path rotated = dir.resolve("events.jsonl.1");
        try (JsonLinesChannel channel = channel(file)) {
            channel.deliver(SiemEvent.of(Alert.feedDegraded("before"), NOW));
            Files.move(file, rotated);
            channel.deliver(SiemEvent.of(Alert.feedDegraded("after"), NOW));
        }

        assertEquals("Audit feed degraded: before", lines(rotated).get(0).path("message").asText());
        assertEquals(List.of("Audit feed degraded: after"),
                lines(file).stream().map(l -> l.path("message").asText()).toList());
    }

    @Test
    void a_file_that_cannot_be_opened_stops_the_service_naming_GUARD_SIEM_FILE() {
        Path file = dir.resolve("missing-dir").resolve("events.jsonl");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> service(file));

        assertTrue(e.getMessage().startsWith("GUARD_SIEM_FILE: cannot open " + file), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
