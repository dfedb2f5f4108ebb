package io.docspaceguard.incident;

import java.time.Instant;

/**
 * Suspicious activity of one user under one rule, as stored in {@code incident}.
 *
 * @param rulesVersion hash of the rule set that opened the incident
 * @param autoDisable  whether the rule asked for the account to be disabled at once
 */
public record Incident(long id, String userId, String userName, String rule, String severity, IncidentStatus status,
                       int fileCount, Instant firstEventAt, Instant lastEventAt, Instant createdAt,
                       Instant updatedAt, String rulesVersion, boolean autoDisable) {
}
