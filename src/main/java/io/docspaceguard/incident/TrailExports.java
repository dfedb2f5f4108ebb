package io.docspaceguard.incident;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TrailExport} a {@code Jdbi} hands committed trail entries to; {@code App} sets it once.
 * It sits in Jdbi's configuration, not in each service, because every path that writes the trail goes
 * through {@link TrailDao#append} on a handle: so no writer can forget the export, and no writer changes.
 */
public final class TrailExports implements JdbiConfig<TrailExports> {
    private static final Logger log = LoggerFactory.getLogger(TrailExports.class);

    private TrailExport export = TrailExport.NONE;

    public TrailExports() {
    }

    private TrailExports(TrailExports other) {
        this.export = other.export;
    }

    public TrailExports use(TrailExport export) {
        this.export = export;
        return this;
    }

    /** Exports once the handle's transaction commits (never after a rollback), or at once without one. */
    void afterCommit(Handle handle, TrailEntry stored) {
        if (export == TrailExport.NONE) {
            return;
        }
        TrailExport target = export;
        Runnable run = () -> {
            try {
                target.export(stored);
            } catch (RuntimeException e) {
                // The trail row is committed; a broken copy must not reach the caller.
                log.warn("trail export failed entry={} action={} cause={}", stored.id(), stored.action(),
                        e.getClass().getName());
            }
        };
        if (handle.isInTransaction()) {
            handle.afterCommit(run);
        } else {
            run.run();
        }
    }

    @Override
    public TrailExports createCopy() {
        return new TrailExports(this);
    }
}
