package io.docspaceguard.incident;

import java.util.List;

/** One page of incidents, newest first; {@code nextCursor} is null on the last page. */
public record IncidentPage(List<Incident> items, Long nextCursor) {
}
