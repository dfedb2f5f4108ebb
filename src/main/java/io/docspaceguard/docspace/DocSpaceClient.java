package io.docspaceguard.docspace;

import java.time.Instant;
import java.util.List;

/** The DocSpace REST calls the service makes. Every call has a timeout; errors are DocSpaceExceptions. */
public interface DocSpaceClient {
    /** Page size limit of the audit filter endpoint. */
    int MAX_PAGE = 100;

    /**
     * This client for bulk reads (backfills): its calls draw only on the share of the portal's request budget kept
     * for them, so the other calls always find theirs. Clients without a budget return themselves.
     */
    default DocSpaceClient forBulk() {
        return this;
    }

    /** One page of audit events with {@code from <= date <= to}, newest first. */
    AuditPage auditEvents(Instant from, Instant to, int startIndex, int count);

    /** {@code GET /api/2.0/people/@self}: the account the API key belongs to. */
    Person self();

    /** {@code GET /api/2.0/people/{id}}. */
    Person person(String userId);

    /**
     * {@code GET /api/2.0/files/folder/{id}}: how many files and folders the folder holds, in its whole subtree.
     *
     * @throws DocSpaceException 403 when the service's account may not read it (another user's trash), 404 when gone
     */
    ContainerSize folderSize(String folderId);

    /** {@code GET /api/2.0/files/rooms/{id}}: as {@link #folderSize}, for a room (archived ones included). */
    ContainerSize roomSize(String roomId);

    /**
     * {@code GET /api/2.0/files/file/{id}}: the file's current version.
     *
     * @throws DocSpaceException 403 when the service's account may not read it (another user's trash), 404 when
     *                           it was deleted for good
     */
    FileVersion file(String fileId);

    /**
     * {@code GET /api/2.0/files/file/{id}/history}: every version, newest first.
     *
     * @throws DocSpaceException 403 in any trash, for a file deleted for good, or without access
     */
    List<FileVersion> fileHistory(String fileId);

    /**
     * {@code POST /api/2.0/files/file/{id}/restoreversion?version=N}: a new version with version N's content (the
     * title stays). Sent again only when DocSpace turned it away unhandled (429, 503, no connection).
     */
    void restoreVersion(String fileId, int version);

    /** {@code PUT /api/2.0/files/file/{id}} with {@code {"title": ...}}: renames the current version in place. */
    void renameFile(String fileId, String title);

    /** {@code PUT /api/2.0/people/status/{status}} for exactly one user; returns the user as DocSpace reports it. */
    Person setStatus(String userId, int status);
}
