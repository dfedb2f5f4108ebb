package io.docspaceguard.incident;

import java.time.Instant;
import java.util.Locale;

/**
 * Incident list query; null fields do not filter. {@code since} (inclusive) and {@code until} (exclusive)
 * bound {@code createdAt}; {@code cursor} is the id of the last incident of the previous page.
 *
 * @param limit    page size, null for {@value #DEFAULT_LIMIT}; larger values are capped at {@value #MAX_LIMIT}
 * @param userName a part of the user's display name, matched without regard to case
 * @param assignee the reviewer who took the incidents
 */
public record IncidentFilter(IncidentStatus status, String userId, String rule, Instant since, Instant until,
                             Integer limit, Long cursor, String severity, DismissalReason dismissalReason,
                             String assignee, String userName) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public IncidentFilter {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    public IncidentFilter(IncidentStatus status, String userId, String rule, Instant since, Instant until,
                          Integer limit, Long cursor) {
        this(status, userId, rule, since, until, limit, cursor, null, null, null, null);
    }

    public static IncidentFilter all() {
        return new IncidentFilter(null, null, null, null, null, null, null);
    }

    public int pageSize() {
        return limit == null ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }

    public IncidentFilter after(Long cursor) {
        return new IncidentFilter(status, userId, rule, since, until, limit, cursor, severity, dismissalReason,
                assignee, userName);
    }

    /** The same filter on every status: what the status tabs count. */
    public IncidentFilter anyStatus() {
        return new IncidentFilter(null, userId, rule, since, until, limit, null, severity, dismissalReason,
                assignee, userName);
    }

    /**
     * {@code userName} as a LIKE pattern matching it anywhere in a lower-cased name, its wildcards escaped with '!'
     * ({@code LIKE :userNamePattern ESCAPE '!'}): a backslash, SQL's usual choice, is Jdbi's own escape character in
     * statement text, and a statement with two {@code '\'} literals reaches the database mangled.
     */
    public String userNamePattern() {
        if (userName == null) {
            return null;
        }
        String escaped = userName.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + escaped + "%";
    }
}
