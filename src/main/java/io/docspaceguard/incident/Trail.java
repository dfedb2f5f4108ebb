package io.docspaceguard.incident;

import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes what happened to an incident: a trail entry in the caller's transaction, and one log line. */
final class Trail {
    private static final Logger log = LoggerFactory.getLogger(Trail.class);

    private Trail() {
    }

    static void append(Handle h, Instant at, Incident incident, String actor, String action, String comment,
                       String outcome) {
        h.attach(TrailDao.class).append(new TrailEntry(null, at, actor, action, incident.id(), incident.userId(),
                comment, outcome, incident.rulesVersion()));
    }

    /** The one log line per status change: {@code incident=… user=… rule=… from=… to=… by=…}. */
    static void logTransition(Incident incident, IncidentStatus to, String actor) {
        log.info("incident={} user={} rule={} from={} to={} by={}", incident.id(), incident.userId(), incident.rule(),
                incident.status().wireName(), to.wireName(), actor);
    }
}
