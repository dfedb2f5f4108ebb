package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.TrailEntry;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the SIEM channels send: an alert or an audit-trail entry, with the time and severity a collector
 * indexes on. An alert has no {@code trail}; a trail entry has no {@code incident} and no details.
 *
 * @param kind     the alert kind, or {@link #KIND_TRAIL}
 * @param incident the incident an alert is about, or null
 * @param trail    the trail entry, or null for an alert
 * @param details  the alert's details; empty for a trail entry
 */
record SiemEvent(Instant at, String kind, Severity severity, String message, Incident incident, TrailEntry trail,
                 Map<String, Object> details) {
    static final String KIND_TRAIL = "trail";

    SiemEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        details = details == null ? Map.of() : details;
    }

    /** RFC 5424 §6.2.1 severities, named as syslog tools name them; only those this service uses. */
    enum Severity {
        CRIT(2), ERR(3), WARNING(4), NOTICE(5), INFO(6);

        final int code;

        Severity(int code) {
            this.code = code;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** critical→crit, high→err, medium→warning, low→notice; a severity a rule invented → warning. */
        static Severity ofIncident(String severity) {
            return switch (severity == null ? "" : severity.toLowerCase(Locale.ROOT)) {
                case "critical" -> CRIT;
                case "high" -> ERR;
                case "low" -> NOTICE;
                default -> WARNING;
            };
        }
    }

    static SiemEvent of(Alert alert, Instant at) {
        return new SiemEvent(at, alert.kind(), severity(alert), alert.text(), alert.incident(), null, alert.details());
    }

    /** The entry's own time, so that a SIEM orders it with the decision, not with its delivery. */
    static SiemEvent of(TrailEntry entry) {
        boolean failed = entry.action().equals("action_failed") || entry.action().equals("action_unknown");
        return new SiemEvent(entry.at(), KIND_TRAIL, failed ? Severity.WARNING : Severity.INFO, text(entry), null,
                entry, Map.of());
    }

    /**
     * Announcements of an incident carry its severity; a DocSpace write or a rule run that failed is an error
     * someone must fix; a degraded feed or the cap leaves work waiting; a finished recovery is news.
     */
    private static Severity severity(Alert alert) {
        return switch (alert.kind()) {
            case Alert.KIND_AUTO_DISABLE_FAILED, Alert.KIND_ACTION_FAILED, Alert.KIND_RULES_STOPPED -> Severity.ERR;
            case Alert.KIND_FEED_DEGRADED, Alert.KIND_AUTO_DISABLE_CAP_REACHED -> Severity.WARNING;
            case Alert.KIND_RECOVERY_ENDED -> Severity.NOTICE;
            default -> alert.incident() == null ? Severity.WARNING : Severity.ofIncident(alert.incident().severity());
        };
    }

    /** "rick approve incident 12 user b7d1…: confirmed with the owner (DocSpace 200)". */
    private static String text(TrailEntry entry) {
        StringBuilder text = new StringBuilder(entry.actor()).append(' ').append(entry.action());
        if (entry.incidentId() != null) {
            text.append(" incident ").append(entry.incidentId());
        }
        if (entry.userId() != null) {
            text.append(" user ").append(entry.userId());
        }
        if (entry.comment() != null && !entry.comment().isBlank()) {
            text.append(": ").append(entry.comment().strip());
        }
        if (entry.outcome() != null && !entry.outcome().isBlank()) {
            text.append(" (").append(entry.outcome().strip()).append(')');
        }
        return text.toString();
    }
}
