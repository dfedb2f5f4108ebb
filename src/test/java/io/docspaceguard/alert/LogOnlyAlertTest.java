package io.docspaceguard.alert;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogOnlyAlertTest {
    @Test
    void with_neither_webhook_nor_email_configured_each_alert_is_exactly_one_log_line() {
        try (LogCapture logs = new LogCapture()) {
            try (AlertService alerts = new AlertService(AlertSettings.none(), Incidents.fastPacing(10))) {
                alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
                alerts.announce(Alert.feedDegraded("the plan lacks audit"));
            }

            assertEquals(List.of(
                    "INFO io.docspaceguard.alert.AlertService alert kind=incident_opened incident=12 user="
                            + Incidents.USER_ID + " rule=bulk-file-changes text=\"New incident 12: bulk-file-changes"
                            + " for Mark Olsen (b7d1…): 25 files, severity high\"",
                    "INFO io.docspaceguard.alert.AlertService alert kind=feed_degraded incident=- user=- rule=-"
                            + " text=\"Audit feed degraded: the plan lacks audit\""),
                    logs.lines());
        }
    }

    @Test
    void the_log_line_stays_one_line_when_the_text_has_quotes_and_line_breaks() {
        try (LogCapture logs = new LogCapture(); AlertService alerts = new AlertService(AlertSettings.none())) {
            alerts.announce(Alert.feedDegraded("DocSpace said \"no audit\"\nkind=forged"));

            assertEquals(List.of("alert kind=feed_degraded incident=- user=- rule=-"
                            + " text=\"Audit feed degraded: DocSpace said \\\"no audit\\\" kind=forged\""),
                    logs.messages(Level.INFO, "alert kind="));
        }
    }
}
