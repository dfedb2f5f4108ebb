package io.docspaceguard.incident;

/**
 * What {@link IncidentService#record} did with a finding.
 *
 * @param incident the incident opened, extended or left unchanged; null when skipped
 */
public record RecordOutcome(Kind kind, Incident incident) {

    public enum Kind {
        /** A new incident was opened. */
        OPENED,
        /** The open incident gained files or events. */
        EXTENDED,
        /** The open incident already had everything the finding reported. */
        UNCHANGED,
        /** Every event was already handled by a closed incident of the same user and rule. */
        SKIPPED
    }
}
