package io.docspaceguard.scan;

import java.time.Instant;

/**
 * One scan, as recorded in {@code scan_run}: the event-time window it read, how far it came and what came of it.
 *
 * @param triggerKind       {@code schedule}, {@code api} or {@code cli}
 * @param kind              {@code scan} (on from the checkpoint) or {@code backfill} (an explicit window)
 * @param status            {@code running} until finished, then {@code ok}, {@code degraded}, {@code failed},
 *                          {@code cancelled}, or {@code interrupted} when the service stopped while it ran
 * @param chunksTotal       how many chunks the window is read in
 * @param chunksDone        how many of them are read, stored and evaluated
 * @param cancelRequestedBy who asked the scan to stop; null when nobody did
 * @param doneUntil         the end of the chunks read, stored and evaluated without a gap from the window's start;
 *                          null before the first; a stopped backfill resumes from here
 * @param resumes           the backfill this one continues; null when it is not a resumption
 */
public record ScanRun(Long id, Instant startedAt, Instant finishedAt, String triggerKind, String kind,
                      Instant windowFrom, Instant windowTo, int chunksTotal, int chunksDone, int eventsRead,
                      int eventsNew, int eventsRejected, int incidentsOpened, int incidentsExtended, String status,
                      String message, String cancelRequestedBy, Instant doneUntil, Long resumes) {

    public static final String RUNNING = "running";
    public static final String OK = "ok";
    public static final String DEGRADED = "degraded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String INTERRUPTED = "interrupted";

    public static final String SCAN = "scan";
    public static final String BACKFILL = "backfill";

    /** A run that has just started: no id yet, nothing read. */
    public static ScanRun started(Instant startedAt, String triggerKind, String kind, Instant windowFrom,
                                  Instant windowTo, int chunksTotal) {
        return started(startedAt, triggerKind, kind, windowFrom, windowTo, chunksTotal, null);
    }

    /** As above, continuing the stopped backfill {@code resumes} (null for none). */
    public static ScanRun started(Instant startedAt, String triggerKind, String kind, Instant windowFrom,
                                  Instant windowTo, int chunksTotal, Long resumes) {
        return new ScanRun(null, startedAt, null, triggerKind, kind, windowFrom, windowTo, chunksTotal, 0, 0, 0, 0, 0,
                0, RUNNING, null, null, null, resumes);
    }

    /** Whether this backfill stopped before its end and can be continued from {@link #doneUntil()}. */
    public boolean resumable() {
        return BACKFILL.equals(kind) && !RUNNING.equals(status) && !OK.equals(status)
                && (doneUntil == null || doneUntil.isBefore(windowTo));
    }

    /** What a scan has counted so far. */
    public record Counts(int eventsRead, int eventsNew, int eventsRejected, int incidentsOpened,
                         int incidentsExtended) {
    }
}
