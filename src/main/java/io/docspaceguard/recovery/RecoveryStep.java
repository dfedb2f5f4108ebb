package io.docspaceguard.recovery;

import java.time.Instant;

/**
 * One file of a run: what to write, the file's version when it was planned, and where the write stands.
 *
 * @param state {@code pending}, {@code writing} (intent stored: DocSpace may have been asked), {@code done},
 *              {@code failed} or {@code skipped}
 */
public record RecoveryStep(long runId, String fileId, String title, Integer restoreVersion, String renameTo,
                           Integer baseVersion, String state, String outcome, Instant updatedAt) {
    public static final String PENDING = "pending";
    public static final String WRITING = "writing";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
}
