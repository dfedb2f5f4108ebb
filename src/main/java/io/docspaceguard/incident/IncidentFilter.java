package io.docspaceguard.incident;

import java.time.Instant;

/**
 * Incident list query; null fields do not filter. {@code since} (inclusive) and {@code until} (exclusive)
 * bound {@code createdAt}; {@code cursor} is the id of the last incident of the previous page.
 *
 * @param limit page size, null for {@value #DEFAULT_LIMIT}; larger values are capped at {@value #MAX_LIMIT}
 */
public record IncidentFilter(IncidentStatus status, String userId, String rule, Instant since, Instant until,
                             Integer limit, Long cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public IncidentFilter {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    public static IncidentFilter all() {
        return new IncidentFilter(null, null, null, null, null, null, null);
    }

    public int pageSize() {
        return limit == null ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }

    public IncidentFilter after(Long cursor) {
        return new IncidentFilter(status, userId, rule, since, until, limit, cursor);
    }
}
