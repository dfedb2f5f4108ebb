package io.docspaceguard.recovery;

import java.time.Instant;

/** One run of an incident's recovery plan, as the journal holds it, with its progress. */
public record RecoveryRun(long id, long incidentId, String status, String requestedBy, String comment,
                          boolean dryRun, String owner, Instant createdAt, Instant finishedAt, String cancelRequestedBy,
                          int done, int failed, int skipped, int remaining) {
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String CANCELLED = "cancelled";
}
