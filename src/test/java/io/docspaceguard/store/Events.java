package io.docspaceguard.store;

import io.docspaceguard.docspace.AuditEntry;
import java.time.Instant;
import java.util.List;

/** Audit entries for tests. */
public final class Events {
    private Events() {
    }

    public static AuditEntry fileUpdate(long id, Instant at, String userId, String fileId) {
        return new AuditEntry(id, at, userId, "User " + userId, 5034, "File updated: " + fileId, List.of(1),
                List.of(fileId), "{\"id\":" + id + "}");
    }
}
