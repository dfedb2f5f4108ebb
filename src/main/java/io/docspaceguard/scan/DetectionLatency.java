package io.docspaceguard.scan;

import io.docspaceguard.alert.Alert;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long after the event that took an account over a rule's limit its incident was opened, and its first alert
 * delivered: the figure that says how many more files an attack got to touch. Reported in /metrics as
 * {@code guard_detection_seconds{stage="opened"|"alerted"}}.
 */
public final class DetectionLatency {
    /** Incidents opened whose first alert is still on its way; bounded for services with no alert channel. */
    private static final int PENDING_LIMIT = 1_000;

    private final Clock clock;
    private final Histogram seconds = Histogram.builder()
            .name("guard_detection_seconds")
            .help("From the event that crossed a rule's limit to the incident opened, and to its first alert delivered.")
            .labelNames("stage")
            .classicUpperBounds(1, 5, 10, 15, 20, 30, 45, 60, 120, 300, 600, 1800)
            .build();
    private final Map<Long, Instant> crossedByIncident = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
            return size() > PENDING_LIMIT;
        }
    };

    public DetectionLatency(Clock clock) {
        this.clock = clock;
    }

    public void register(PrometheusRegistry registry) {
        registry.register(seconds);
    }

    /**
     * The moment a finding crossed its limit: the time of its {@code limit + 1}-th counted event (rules count
     * distinct items, and a burst touches each item about once), or of its first event when it states no limit.
     */
    static Instant crossedAt(List<Instant> countedEvents, int limit) {
        List<Instant> ordered = countedEvents.stream().sorted(Comparator.naturalOrder()).toList();
        return ordered.isEmpty() ? null : ordered.get(Math.min(limit, ordered.size() - 1));
    }

    /** Records an incident just opened for activity that crossed its limit at {@code crossedAt}. */
    void opened(long incidentId, Instant crossedAt) {
        if (crossedAt == null) {
            return;
        }
        seconds.labelValues("opened").observe(secondsSince(crossedAt));
        synchronized (crossedByIncident) {
            crossedByIncident.put(incidentId, crossedAt);
        }
    }

    /** Called by the alert channels on each delivery; only the first delivered alert of a new incident counts. */
    public void delivered(Alert alert) {
        if (!Alert.KIND_INCIDENT_OPENED.equals(alert.kind()) || alert.incident() == null) {
            return;
        }
        Instant crossedAt;
        synchronized (crossedByIncident) {
            crossedAt = crossedByIncident.remove(alert.incident().id());
        }
        if (crossedAt != null) {
            seconds.labelValues("alerted").observe(secondsSince(crossedAt));
        }
    }

    private double secondsSince(Instant then) {
        return Math.max(0, Duration.between(then, clock.instant()).toMillis() / 1000.0);
    }
}
