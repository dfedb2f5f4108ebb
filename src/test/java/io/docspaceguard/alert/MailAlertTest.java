package io.docspaceguard.alert;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailAlertTest {
    @RegisterExtension
    static final GreenMailExtension smtpServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("guard", "guard-password"));

    private static AlertSettings.Smtp smtp(String password) {
        return new AlertSettings.Smtp("127.0.0.1", smtpServer.getSmtp().getPort(), "guard", password, false,
                "docspace-guard@example.com", "security@example.com");
    }

    private static AlertService service(AlertSettings.Smtp smtp) {
        return new AlertService(new AlertSettings(null, Duration.ofSeconds(5), 1, smtp), Incidents.fastPacing(10));
    }

    @Test
    void the_security_contact_receives_an_email_with_the_alert_and_the_incident() throws Exception {
        try (AlertService alerts = service(smtp("guard-password"))) {
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
        }

        MimeMessage[] received = smtpServer.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage mail = received[0];
        assertEquals("[docspace-guard] New incident 12: bulk-file-changes for Mark Olsen (b7d1…): 25 files,"
                + " severity high", mail.getSubject());
        assertEquals("security@example.com", mail.getRecipients(Message.RecipientType.TO)[0].toString());
        assertEquals("docspace-guard@example.com", mail.getFrom()[0].toString());
        String body = GreenMailUtil.getBody(mail);
        assertTrue(body.startsWith("New incident 12: bulk-file-changes"), body);
        for (String field : List.of("Incident: 12", "User: Mark Olsen (" + Incidents.USER_ID + ")",
                "Rule: bulk-file-changes", "Severity: high", "Status: open", "Files: 25",
                "First event: 2025-03-04T09:10:00Z", "Last event: 2025-03-04T09:17:00Z", "Rules version: rv-3f9a1c")) {
            assertTrue(body.contains(field), "body lacks '" + field + "':\n" + body);
        }
    }

    @Test
    void every_address_of_a_contact_list_receives_the_email() throws Exception {
        AlertSettings.Smtp two = new AlertSettings.Smtp("127.0.0.1", smtpServer.getSmtp().getPort(), null, null,
                false, "docspace-guard@example.com", "security@example.com, oncall@example.com");
        try (AlertService alerts = service(two)) {
            alerts.announce(Alert.feedDegraded("the plan lacks audit"));
        }

        MimeMessage[] received = smtpServer.getReceivedMessages();
        assertEquals(2, received.length, "one copy per recipient mailbox");
        assertArrayEquals(new String[] {"security@example.com", "oncall@example.com"},
                List.of(received[0].getRecipients(Message.RecipientType.TO)).stream().map(Object::toString)
                        .toArray(String[]::new));
        assertEquals("[docspace-guard] Audit feed degraded: the plan lacks audit", received[0].getSubject());
    }

    @Test
    void a_rejected_login_is_logged_once_without_the_password() {
        String password = "Wr0ng-SMTP-Secret";
        try (LogCapture logs = new LogCapture()) {
            try (AlertService alerts = service(smtp(password))) {
                alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
            }

            assertEquals(0, smtpServer.getReceivedMessages().length);
            List<String> failures = logs.messages(Level.WARN, "alert delivery failed");
            assertEquals(1, failures.size(), logs.all());
            assertTrue(failures.get(0).contains("channel=email target=smtp://127.0.0.1:"), failures.get(0));
            assertTrue(logs.messages(Level.INFO, "alert retry").isEmpty(), "a wrong password is not retried");
            assertTrue(!logs.all().contains(password), logs.all());
        }
    }
}
