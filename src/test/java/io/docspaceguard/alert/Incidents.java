package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentStatus;

import java.time.Duration;
import java.time.Instant;

final class Incidents {
    static final String USER_ID = "b7d1c0de-5f3a-4c2e-9b8a-0123456789ab";

    private Incidents() {
    }

    static Incident bulkChanges() {
        return incident("Mark Olsen", "bulk-file-changes", "high");
    }

    /** Incident 12 of {@link #USER_ID}, 25 files, open. */
    static Incident incident(String userName, String rule, String severity) {
        Instant first = Instant.parse("2025-03-04T09:10:00Z");
        return new Incident(12, USER_ID, userName, rule, severity, IncidentStatus.OPEN, 25,
                first, first.plus(Duration.ofMinutes(7)), first.plus(Duration.ofMinutes(9)),
                first.plus(Duration.ofMinutes(9)), "rv-3f9a1c", false, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Tiny backoff so retries take milliseconds. */
    static AlertService.Pacing fastPacing(int queueCapacity) {
        return new AlertService.Pacing(Duration.ofMillis(10), Duration.ofMillis(50), queueCapacity,
                Duration.ofSeconds(15));
    }
}
