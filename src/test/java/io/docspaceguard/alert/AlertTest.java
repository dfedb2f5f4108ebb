package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AlertTest {
    private final Incident incident = Incidents.bulkChanges();

    @Test
    void a_new_incident_reads_as_one_sentence_with_rule_user_size_and_severity() {
        Alert alert = Alert.incidentOpened(incident);

        assertEquals("incident_opened", alert.kind());
        assertEquals("New incident 12: bulk-file-changes for Mark Olsen (b7d1…): 25 files, severity high",
                alert.text());
    }

    @Test
    void a_user_without_a_name_is_shown_by_short_id() {
        Incident nameless = new Incident(3, incident.userId(), null, "mass-download", "medium", incident.status(),
                1, incident.firstEventAt(), incident.lastEventAt(), incident.createdAt(), incident.updatedAt(),
                incident.rulesVersion(), false, null, null, null, null, null, null, null, null, null, null, null);

        assertEquals("New incident 3: mass-download for b7d1…: 1 file, severity medium",
                Alert.incidentOpened(nameless).text());
    }

    @Test
    void the_cap_alert_says_automatic_disables_paused_and_the_incident_waits() {
        Alert alert = Alert.autoDisableCapReached(incident, 5);

        assertEquals("auto_disable_cap_reached", alert.kind());
        assertEquals("Automatic disables paused: cap of 5 per hour reached; incident 12 stays open for review",
                alert.text());
        assertEquals(5, alert.details().get("capPerHour"));
    }

    @Test
    void a_refused_disable_quotes_docspace_status_and_message() {
        Alert alert = Alert.autoDisableFailed(incident, 403, "Access denied");

        assertEquals("auto_disable_failed", alert.kind());
        assertEquals("DocSpace refused to disable Mark Olsen (b7d1…) for incident 12: 403 Access denied",
                alert.text());
        assertEquals("rule:bulk-file-changes", alert.details().get("actor"));
    }

    @Test
    void a_failed_action_without_an_answer_says_docspace_was_unreachable_and_who_asked() {
        Alert alert = Alert.actionFailed(incident, "re-enable", "system", 0, "connection timed out");

        assertEquals("action_failed", alert.kind());
        assertEquals("Could not reach DocSpace to re-enable Mark Olsen (b7d1…) for incident 12: connection timed out"
                + " (requested by system)", alert.text());
        assertEquals(0, alert.details().get("status"));
    }

    @Test
    void a_degraded_feed_has_no_incident() {
        Alert alert = Alert.feedDegraded("the plan lacks audit");

        assertEquals("feed_degraded", alert.kind());
        assertEquals("Audit feed degraded: the plan lacks audit", alert.text());
        assertEquals(null, alert.incident());
    }

    @Test
    void details_are_copied_and_cannot_be_changed_afterwards() {
        Map<String, Object> details = new HashMap<>();
        details.put("reason", "x");
        Alert alert = new Alert("feed_degraded", "text", null, details);
        details.put("reason", "changed");

        assertEquals("x", alert.details().get("reason"));
        assertThrows(UnsupportedOperationException.class, () -> alert.details().put("more", 1));
    }
}
