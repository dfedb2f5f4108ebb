package io.docspaceguard.scan;

import java.time.Instant;

/**
 * What one scan did.
 *
 * @param status  {@code ok}, {@code degraded} (the feed could not be trusted; nothing was acted on) or
 *                {@code failed}
 * @param message why the scan was degraded or failed; null when ok
 */
public record ScanReport(long runId, Instant from, Instant to, int eventsRead, int eventsNew, int eventsRejected,
                         int incidentsOpened, int incidentsExtended, String status, String message) {
}
