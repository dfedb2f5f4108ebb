package io.docspaceguard.incident;

import java.time.Instant;
import java.util.List;

/**
 * The file events of an incident's user around the incident, for drawing it: what the rule counted and
 * what happened just before and after.
 *
 * @param from      start of the span shown: the first counted event minus the window and a margin
 * @param to        end of the span shown: the last counted event plus a margin
 * @param events    the user's stored file events in the span, oldest first
 * @param truncated whether the span held more events than are returned
 */
public record IncidentTimeline(Incident incident, Instant from, Instant to, List<Event> events, boolean truncated) {

    /**
     * One file event of the user.
     *
     * @param counted whether it is one of the events that made the incident
     */
    public record Event(Instant at, long eventId, String fileId, int actionId, boolean counted) {
    }
}
