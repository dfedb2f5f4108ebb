package io.docspaceguard.incident;

/**
 * What the response workflow tells people about at once, beyond the trail: an account action DocSpace did
 * not make, automatic disables paused by the cap. The alert channels implement it.
 */
public interface IncidentNotices {
    /**
     * DocSpace did not make an account change.
     *
     * @param docSpaceStatus DocSpace's HTTP status, 0 when no answer came
     */
    void actionFailed(Incident incident, Transition transition, String actor, int docSpaceStatus, String message);

    /** The hourly cap stopped an automatic disable; the incident stays open for a reviewer. */
    void autoDisableCapReached(Incident incident, int capPerHour);
}
