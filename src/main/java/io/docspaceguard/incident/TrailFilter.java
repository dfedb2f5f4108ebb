package io.docspaceguard.incident;

import java.time.Instant;

/**
 * Audit trail query; null fields do not filter. {@code since} is inclusive, {@code until} exclusive;
 * {@code cursor} continues after the entry with that id (newest first).
 */
public record TrailFilter(Long incidentId, String actor, String userId, String action, Instant since,
                          Instant until, Long cursor, int limit) {

    public static TrailFilter all(int limit) {
        return new TrailFilter(null, null, null, null, null, null, null, limit);
    }
}
