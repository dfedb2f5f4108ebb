package io.docspaceguard.incident;

import io.docspaceguard.docspace.AuditEntry;
import java.util.List;

/**
 * An incident with what it is about and what happened to it.
 *
 * @param fileIds the distinct files, sorted
 * @param events  the stored triggering events, oldest first
 * @param history its audit trail entries, oldest first
 */
public record IncidentDetail(Incident incident, List<String> fileIds, List<AuditEntry> events,
                             List<TrailEntry> history) {
}
