package io.docspaceguard.docspace;

import java.util.List;

/**
 * One page of {@code GET /api/2.0/security/audit/events/filter}.
 *
 * @param received how many items DocSpace returned (valid or not); a full page means "maybe more"
 */
public record AuditPage(List<AuditEntry> events, List<RejectedEvent> rejected, int received) {
}
