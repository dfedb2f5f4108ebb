package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.docspaceguard.MutableClock;
import io.docspaceguard.alert.Alert;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentStatus;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionLatencyTest {
    private static final Instant T = Instant.parse("2025-05-14T10:00:00Z");

    @Test
    void the_crossing_is_the_event_after_the_limit_in_time_order_whatever_order_they_come_in() {
        List<Instant> events = List.of(T.plusSeconds(4), T, T.plusSeconds(2), T.plusSeconds(1), T.plusSeconds(3));

        assertEquals(T.plusSeconds(3), DetectionLatency.crossedAt(events, 3));
        assertEquals(T, DetectionLatency.crossedAt(events, 0));
        assertEquals(T.plusSeconds(4), DetectionLatency.crossedAt(events, 20), "fewer events than the limit: the last");
        assertNull(DetectionLatency.crossedAt(List.of(), 3));
    }

    @Test
    void only_the_first_delivered_alert_of_an_opened_incident_counts_as_alerted() throws IOException {
        MutableClock clock = new MutableClock(T.plusSeconds(12));
        DetectionLatency latency = new DetectionLatency(clock);
        PrometheusRegistry registry = new PrometheusRegistry();
        latency.register(registry);
        Incident incident = new Incident(7, "mark", "Mark Olsen", "bulk-file-changes", "high", IncidentStatus.OPEN,
                25, T, T.plusSeconds(30), T.plusSeconds(12), T.plusSeconds(12), "rv-1", false, null, null, null, null, null,
                null, null, null, null, null, null);

        latency.opened(7, T);
        clock.set(T.plusSeconds(15));
        latency.delivered(Alert.incidentGrew(incident)); // not the opening alert
        latency.delivered(Alert.incidentOpened(incident)); // first channel
        latency.delivered(Alert.incidentOpened(incident)); // second channel: already counted

        String text = scrape(registry);
        assertEquals(1.0, value(text, "guard_detection_seconds_count{stage=\"opened\"}"));
        assertEquals(12.0, value(text, "guard_detection_seconds_sum{stage=\"opened\"}"));
        assertEquals(1.0, value(text, "guard_detection_seconds_count{stage=\"alerted\"}"));
        assertEquals(15.0, value(text, "guard_detection_seconds_sum{stage=\"alerted\"}"));
    }

    private static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
