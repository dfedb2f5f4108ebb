package io.docspaceguard.incident;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Reads the audit trail for whoever asks outside the incident workflow (the API); writing it is {@link Trail}'s. */
public final class TrailService {
    private final Jdbi jdbi;

    public TrailService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Up to {@code filter.limit()} entries matching the filter, newest first. */
    public List<TrailEntry> find(TrailFilter filter) {
        return jdbi.withExtension(TrailDao.class, dao -> dao.find(filter));
    }
}
