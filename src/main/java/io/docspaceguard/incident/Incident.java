package io.docspaceguard.incident;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/**
 * Suspicious activity of one user under one rule, as stored in {@code incident}.
 *
 * @param rulesVersion hash of the rule set that opened the incident
 * @param autoDisable  whether the rule asked for the account to be disabled at once
 * @param disabledBy   who disabled the account: a reviewer's name, or {@code rule:<id>} for an automatic disable
 * @param confirmedBy  the reviewer who confirmed an automatic disable
 * @param accountStatus the account status DocSpace last reported (1 active, 2 disabled, 4 pending)
 * @param threshold    the distinct-file limit the rule states; null when unknown (older incidents, other rules)
 * @param windowMillis the rule's window in milliseconds; null when unknown
 * @param reason       why the rule fired, in words: count against limit, window, names; null for older incidents
 * @param suppressedBy the declared bulk work that covers all of the incident's activity; null when none
 * @param alertedAt    when the last alert about the incident went out; null when none did
 * @param containerFiles files in the incident's folders and rooms that DocSpace let the service count; null when none
 * @param dismissalReason why a reviewer dismissed it; null unless dismissed
 * @param assignee     the reviewer who took the incident; null while nobody has
 */
public record Incident(long id, String userId, String userName, String rule, String severity, IncidentStatus status,
                       int fileCount, Instant firstEventAt, Instant lastEventAt, Instant createdAt,
                       Instant updatedAt, String rulesVersion, boolean autoDisable, String disabledBy,
                       Instant disabledAt, String confirmedBy, Instant confirmedAt, Integer accountStatus,
                       Integer threshold, Long windowMillis, String reason, Long suppressedBy, Instant alertedAt,
                       Integer containerFiles, DismissalReason dismissalReason, String assignee) {

    /** The constructor rows are read through, the one with every column. */
    @JdbiConstructor
    public Incident {
    }

    /** An incident nobody has taken or dismissed with a reason (as older code and tests build them). */
    public Incident(long id, String userId, String userName, String rule, String severity, IncidentStatus status,
                    int fileCount, Instant firstEventAt, Instant lastEventAt, Instant createdAt, Instant updatedAt,
                    String rulesVersion, boolean autoDisable, String disabledBy, Instant disabledAt, String confirmedBy,
                    Instant confirmedAt, Integer accountStatus, Integer threshold, Long windowMillis, String reason,
                    Long suppressedBy, Instant alertedAt, Integer containerFiles) {
        this(id, userId, userName, rule, severity, status, fileCount, firstEventAt, lastEventAt, createdAt, updatedAt,
                rulesVersion, autoDisable, disabledBy, disabledAt, confirmedBy, confirmedAt, accountStatus, threshold,
                windowMillis, reason, suppressedBy, alertedAt, containerFiles, null, null);
    }

    /** A new incident, before anything was done about the account. */
    public static Incident opened(String userId, String userName, String rule, String severity, int fileCount,
                                  Instant firstEventAt, Instant lastEventAt, Instant now, String rulesVersion,
                                  boolean autoDisable, Integer threshold, Long windowMillis, String reason,
                                  Long suppressedBy, Integer containerFiles) {
        return new Incident(0, userId, userName, rule, severity, IncidentStatus.OPEN, fileCount, firstEventAt,
                lastEventAt, now, now, rulesVersion, autoDisable, null, null, null, null, null, threshold,
                windowMillis, reason, suppressedBy, null, containerFiles);
    }

    /** Recorded, but not alerted: all of its activity lies in declared bulk work. */
    public boolean suppressed() {
        return suppressedBy != null;
    }

    /** Disabled by a rule and not yet confirmed by a reviewer. */
    public boolean awaitingConfirmation() {
        return status == IncidentStatus.DISABLED && disabledBy != null && disabledBy.startsWith("rule:")
                && confirmedAt == null;
    }
}
