package io.docspaceguard.incident;

import java.time.Instant;

/**
 * Bulk work a reviewer declared: findings of {@code userId} (everyone when null) whose activity lies between
 * {@code startsAt} and {@code endsAt} are recorded as suppressed, not alerted. Revoked declarations are kept.
 */
public record BulkWork(long id, String userId, Instant startsAt, Instant endsAt, String reason, String declaredBy,
                       Instant declaredAt, String revokedBy, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }

    /** {@code revoked}, {@code over}, {@code planned} or {@code in force}, at {@code now}. */
    public String state(Instant now) {
        return revoked() ? "revoked" : !now.isBefore(endsAt) ? "over" : now.isBefore(startsAt) ? "planned" : "in force";
    }

    /** Whether it covers a user's activity from {@code first} to {@code last}. */
    public boolean covers(String user, Instant first, Instant last) {
        return !revoked() && (userId == null || userId.equals(user)) && !first.isBefore(startsAt)
                && !last.isAfter(endsAt);
    }
}
