package io.docspaceguard.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who works on an incident: a reviewer takes it (so two do not investigate the same burst) and releases it.
 * Taking one someone else holds is allowed — people go home — and the trail says from whom.
 */
public final class AssignmentService {
    private static final Logger log = LoggerFactory.getLogger(AssignmentService.class);

    private final Jdbi jdbi;
    private final Clock clock;

    public AssignmentService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Makes {@code actor} the incident's assignee; taking one's own incident again changes nothing. */
    public Incident take(long id, String actor) {
        return jdbi.inTransaction(h -> {
            Incident incident = lock(h, id);
            if (actor.equals(incident.assignee())) {
                return incident;
            }
            Instant now = clock.instant();
            h.attach(IncidentDao.class).setAssignee(id, actor, now);
            Trail.append(h, now, incident, actor, "assign",
                    incident.assignee() == null ? "taken" : "taken over from " + incident.assignee(), null);
            log.info("incident={} user={} rule={} assigned to={} from={}", id, incident.userId(), incident.rule(),
                    actor, incident.assignee());
            return load(h, id);
        });
    }

    /** Leaves the incident to nobody; releasing one nobody holds changes nothing. */
    public Incident release(long id, String actor) {
        return jdbi.inTransaction(h -> {
            Incident incident = lock(h, id);
            if (incident.assignee() == null) {
                return incident;
            }
            Instant now = clock.instant();
            h.attach(IncidentDao.class).setAssignee(id, null, now);
            Trail.append(h, now, incident, actor, "release", Objects.equals(actor, incident.assignee())
                    ? "released" : "released from " + incident.assignee(), null);
            log.info("incident={} user={} rule={} released by={} from={}", id, incident.userId(), incident.rule(),
                    actor, incident.assignee());
            return load(h, id);
        });
    }

    private static Incident lock(Handle h, long id) {
        return h.attach(IncidentDao.class).lock(id).orElseThrow(() -> new IncidentNotFoundException(id));
    }

    private static Incident load(Handle h, long id) {
        return h.attach(IncidentDao.class).get(id).orElseThrow(() -> new IncidentNotFoundException(id));
    }
}
