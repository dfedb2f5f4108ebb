package io.docspaceguard.scan;

import java.time.Instant;

/**
 * One scan, as recorded in {@code scan_run}: the event-time window it read and what came of it.
 *
 * @param triggerKind {@code schedule}, {@code api} or {@code cli}
 * @param status      {@code running} until finished, then {@code ok}, {@code degraded} or {@code failed}
 */
public record ScanRun(Long id, Instant startedAt, Instant finishedAt, String triggerKind, Instant windowFrom,
                      Instant windowTo, int eventsRead, int eventsNew, int eventsRejected, int incidentsOpened,
                      int incidentsExtended, String status, String message) {

    public static final String RUNNING = "running";
    public static final String OK = "ok";
    public static final String DEGRADED = "degraded";
    public static final String FAILED = "failed";

    /** A run that has just started: no id yet, no counts. */
    public static ScanRun started(Instant startedAt, String triggerKind, Instant windowFrom, Instant windowTo) {
        return new ScanRun(null, startedAt, null, triggerKind, windowFrom, windowTo, 0, 0, 0, 0, 0, RUNNING, null);
    }

    /** What a finished scan counted. */
    public record Counts(int eventsRead, int eventsNew, int eventsRejected, int incidentsOpened,
                         int incidentsExtended) {
    }
}
