package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something a person should hear about. {@code text} is the one human sentence every channel shows
 * (the Slack {@code text}, the e-mail subject and first line, the log line).
 *
 * @param kind     one of the {@code KIND_*} constants
 * @param incident the incident it is about, or null (e.g. a degraded feed)
 * @param details  extra machine-readable facts; order is kept, values may be null
 */
public record Alert(String kind, String text, Incident incident, Map<String, Object> details) {
    public static final String KIND_INCIDENT_OPENED = "incident_opened";
    public static final String KIND_INCIDENT_GREW = "incident_grew";
    public static final String KIND_RECOVERY_ENDED = "recovery_ended";
    public static final String KIND_AUTO_DISABLE_CAP_REACHED = "auto_disable_cap_reached";
    public static final String KIND_AUTO_DISABLE_FAILED = "auto_disable_failed";
    public static final String KIND_ACTION_FAILED = "action_failed";
    public static final String KIND_FEED_DEGRADED = "feed_degraded";
    public static final String KIND_RULES_STOPPED = "rules_stopped";

    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** "New incident 12: bulk-file-changes for Mark Olsen (b7d1…): 25 files, severity high". */
    public static Alert incidentOpened(Incident incident) {
        String text = "New incident " + incident.id() + ": " + incident.rule() + " for " + who(incident) + ": "
                + incident.fileCount() + (incident.fileCount() == 1 ? " file" : " files")
                + ", severity " + incident.severity();
        return new Alert(KIND_INCIDENT_OPENED, text, incident, reason(incident));
    }

    /**
     * An open incident that kept growing after the quiet period of its last alert, e.g. a second burst the next
     * day: "Incident 12 grew: bulk-file-changes for Mark Olsen (b7d1…): now 140 files, severity high".
     */
    public static Alert incidentGrew(Incident incident) {
        String text = "Incident " + incident.id() + " grew: " + incident.rule() + " for " + who(incident) + ": now "
                + incident.fileCount() + (incident.fileCount() == 1 ? " file" : " files")
                + ", severity " + incident.severity();
        return new Alert(KIND_INCIDENT_GREW, text, incident, reason(incident));
    }

    /** A recovery run finished or was cancelled: "Recovery of incident 12 (Mark Olsen): run 3 done: 27 done, 9 skipped". */
    public static Alert recoveryEnded(Incident incident, String summary) {
        return new Alert(KIND_RECOVERY_ENDED, "Recovery of incident " + incident.id() + " (" + who(incident) + "): "
                + summary, incident, Map.of("summary", summary));
    }

    private static Map<String, Object> reason(Incident incident) {
        return incident.reason() == null ? Map.of() : Map.of("reason", incident.reason());
    }

    /** The safety cap stopped an automatic disable; the incident waits for a reviewer. */
    public static Alert autoDisableCapReached(Incident incident, int capPerHour) {
        String text = "Automatic disables paused: cap of " + capPerHour + " per hour reached; incident "
                + incident.id() + " stays open for review";
        return new Alert(KIND_AUTO_DISABLE_CAP_REACHED, text, incident, Map.of("capPerHour", capPerHour));
    }

    /**
     * A rule asked for an automatic disable and DocSpace did not do it.
     *
     * @param status  DocSpace's HTTP status, 0 when no answer came
     * @param message DocSpace's message (or the network error)
     */
    public static Alert autoDisableFailed(Incident incident, int status, String message) {
        String text = refusal("disable", incident, status, message);
        return new Alert(KIND_AUTO_DISABLE_FAILED, text, incident, failure("disable", "rule:" + incident.rule(),
                status, message));
    }

    /**
     * A DocSpace write other than a rule's automatic disable failed: a reviewer's approve or re-enable,
     * or the automatic re-enable when a restriction expires.
     *
     * @param action what was attempted, e.g. "disable" or "re-enable"
     * @param actor  who asked, as recorded in the trail
     */
    public static Alert actionFailed(Incident incident, String action, String actor, int status, String message) {
        String text = refusal(action, incident, status, message) + " (requested by " + actor + ")";
        return new Alert(KIND_ACTION_FAILED, text, incident, failure(action, actor, status, message));
    }

    /**
     * A scan's rule evaluation blew its budget and was stopped: the scan failed and will keep failing on the
     * same window until the rule is fixed.
     *
     * @param rule the rule that did most of the work; null when none had fired
     */
    public static Alert rulesStopped(String rule, String message) {
        String text = "Rules stopped" + (rule == null ? "" : " at rule " + rule) + ": " + message
                + "; scans fail until the rule is fixed";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", rule);
        details.put("message", message);
        return new Alert(KIND_RULES_STOPPED, text, null, details);
    }

    /** The audit feed cannot be trusted (e.g. the plan lacks audit), so nothing is acted on. */
    public static Alert feedDegraded(String reason) {
        return new Alert(KIND_FEED_DEGRADED, "Audit feed degraded: " + reason, null, Map.of("reason", reason));
    }

    private static String refusal(String action, Incident incident, int status, String message) {
        String outcome = status == 0 ? "could not reach DocSpace to " + action : "DocSpace refused to " + action;
        String answer = status == 0 ? message : status + " " + message;
        return capitalize(outcome) + " " + who(incident) + " for incident " + incident.id() + ": " + answer;
    }

    private static Map<String, Object> failure(String action, String actor, int status, String message) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", action);
        details.put("actor", actor);
        details.put("status", status);
        details.put("message", message);
        return details;
    }

    /** "Mark Olsen (b7d1…)", or just the short id when DocSpace gave no name. */
    private static String who(Incident incident) {
        String id = incident.userId() == null ? "?" : incident.userId();
        String shortId = id.length() > 4 ? id.substring(0, 4) + "…" : id;
        String name = incident.userName();
        return name == null || name.isBlank() ? shortId : name.strip() + " (" + shortId + ")";
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
