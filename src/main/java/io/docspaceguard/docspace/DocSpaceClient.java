package io.docspaceguard.docspace;

import java.time.Instant;
import java.util.List;

/** The DocSpace REST calls the service makes. Every call has a timeout; errors are DocSpaceExceptions. */
public interface DocSpaceClient {
    /** Page size limit of the audit filter endpoint. */
    int MAX_PAGE = 100;

    /** One page of audit events with {@code from <= date <= to}, newest first. */
    AuditPage auditEvents(Instant from, Instant to, int startIndex, int count);

    /** {@code GET /api/2.0/people/@self}: the account the API key belongs to. */
    Person self();

    /** {@code GET /api/2.0/people/{id}}. */
    Person person(String userId);

    /** {@code PUT /api/2.0/people/status/{status}} for exactly one user; returns the user as DocSpace reports it. */
    Person setStatus(String userId, int status);
}
