package io.docspaceguard.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.incident.TrailEntry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts and trail entries as RFC 5424 syslog over plain TCP, received by a real collector on a loopback port. */
class SyslogAlertTest {
    static final Instant NOW = Instant.parse("2025-03-04T09:20:00.123456Z");
    /** PRI, VERSION 1, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID, one SD-ELEMENT, BOM and MSG. */
    static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\[(?:[^\\]\\\\]|\\\\.)*\\]) \uFEFF(.*)", Pattern.DOTALL);

    private SyslogCollector collector;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        collector = SyslogCollector.plain();
        logs = new LogCapture();
    }

    @AfterEach
    void stop() throws Exception {
        logs.close();
        collector.close();
    }

    private AlertService service(int port) {
        AlertSettings settings = new AlertSettings(null, Duration.ofSeconds(5), 1, null,
                new AlertSettings.Syslog("127.0.0.1", port, false, null), null);
        return new AlertService(settings, Incidents.fastPacing(10), delivered -> { },
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Matcher parse(SyslogCollector.Frame frame) {
        Matcher m = RFC5424.matcher(frame.text());
        assertTrue(m.matches(), "not an RFC 5424 message: " + frame.text());
        return m;
    }

    @Test
    void an_incident_alert_arrives_as_one_octet_counted_rfc5424_message_with_its_structured_data() throws Exception {
        Alert alert = Alert.incidentOpened(Incidents.bulkChanges());
        try (AlertService alerts = service(collector.port())) {
            alerts.announce(alert);

            Matcher m = parse(collector.next());
            assertEquals("83", m.group(1), "authpriv (10) * 8 + err (3) for a high incident");
            assertEquals("2025-03-04T09:20:00.123Z", m.group(2));
            assertEquals(SyslogFormat.headerField(InetAddress.getLocalHost().getHostName(), 255), m.group(3));
            assertEquals("docspace-guard", m.group(4));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), m.group(5));
            assertEquals("incident_opened", m.group(6));
            assertEquals("[guard@32473 incidentId=\"12\" rule=\"bulk-file-changes\" userId=\"" + Incidents.USER_ID
                    + "\" severity=\"high\" status=\"open\" fileCount=\"25\"]", m.group(7));
            assertEquals(alert.text(), m.group(8));
        }
    }

    @Test
    void incident_severity_sets_the_syslog_severity_and_all_messages_share_one_connection() throws Exception {
        try (AlertService alerts = service(collector.port())) {
            for (String severity : List.of("critical", "high", "medium", "low")) {
                alerts.announce(Alert.incidentOpened(Incidents.incident("Mark Olsen", "bulk-file-changes", severity)));
            }

            for (String pri : List.of("82", "83", "84", "85")) {
                SyslogCollector.Frame frame = collector.next();
                assertEquals(pri, parse(frame).group(1));
                assertEquals(1, frame.connection());
            }
        }
    }

    @Test
    void alerts_without_an_incident_severity_get_one_by_what_they_mean() throws Exception {
        try (AlertService alerts = service(collector.port())) {
            alerts.announce(Alert.rulesStopped("mass-deletion", "budget of 10000 firings exceeded"));
            alerts.announce(Alert.feedDegraded("the plan has no audit trail"));
            alerts.announce(Alert.actionFailed(Incidents.bulkChanges(), "disable", "rick", 403, "Access denied"));
            alerts.announce(Alert.recoveryEnded(Incidents.bulkChanges(), "run 3 done: 27 done"));

            Matcher stopped = parse(collector.next());
            assertEquals(List.of("83", "rules_stopped", "[guard@32473 rule=\"mass-deletion\"]"),
                    List.of(stopped.group(1), stopped.group(6), stopped.group(7)));
            Matcher degraded = parse(collector.next());
            assertEquals(List.of("84", "feed_degraded", "[guard@32473]"),
                    List.of(degraded.group(1), degraded.group(6), degraded.group(7)));
            assertEquals("83", parse(collector.next()).group(1), "a refused disable is an error");
            assertEquals("85", parse(collector.next()).group(1), "a finished recovery is a notice");
        }
    }

    @Test
    void quotes_backslashes_and_brackets_are_escaped_in_structured_data_and_the_length_counts_utf8_bytes()
            throws Exception {
        Alert tricky = Alert.incidentOpened(Incidents.incident("Jörg Ærø ✓", "odd\"rule\\x]y", "low"));
        try (AlertService alerts = service(collector.port())) {
            alerts.announce(tricky);
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));

            SyslogCollector.Frame first = collector.next();
            Matcher m = parse(first);
            assertTrue(m.group(7).contains(" rule=\"odd\\\"rule\\\\x\\]y\" "), m.group(7));
            assertEquals(tricky.text(), m.group(8));
            assertEquals(first.text().getBytes(StandardCharsets.UTF_8).length, first.declaredLength());
            assertTrue(first.declaredLength() > first.text().length(), "multi-byte characters counted as bytes");
            // Had the length counted characters, the second frame would start inside the first one's text.
            assertEquals("incident_opened", parse(collector.next()).group(6));
        }
    }

    @Test
    void a_trail_entry_goes_out_at_its_own_time_with_msgid_trail_and_its_fields() throws Exception {
        Instant decided = Instant.parse("2025-03-04T10:00:00Z");
        try (AlertService alerts = service(collector.port())) {
            alerts.export(new TrailEntry(7L, decided, "rick", "approve", 12L, Incidents.USER_ID,
                    "confirmed with her manager", "DocSpace disabled the account", "rv-3f9a1c"));
            alerts.export(new TrailEntry(8L, decided, "rick", "action_failed", 12L, Incidents.USER_ID, null,
                    "403 Access denied", "rv-3f9a1c"));

            Matcher approve = parse(collector.next());
            assertEquals("86", approve.group(1), "a decision is information");
            assertEquals("2025-03-04T10:00:00.000Z", approve.group(2));
            assertEquals("trail", approve.group(6));
            assertEquals("[guard@32473 trailId=\"7\" action=\"approve\" actor=\"rick\" incidentId=\"12\" userId=\""
                    + Incidents.USER_ID + "\"]", approve.group(7));
            assertEquals("rick approve incident 12 user " + Incidents.USER_ID
                    + ": confirmed with her manager (DocSpace disabled the account)", approve.group(8));
            assertEquals("84", parse(collector.next()).group(1), "a failed DocSpace write is a warning");
        }
    }

    @Test
    void after_the_collector_drops_the_connection_the_next_message_goes_out_on_a_new_one() throws Exception {
        collector.dropAfterEachFrame();
        try (AlertService alerts = service(collector.port())) {
            alerts.announce(Alert.feedDegraded("first"));
            assertEquals(1, collector.next().connection());

            alerts.announce(Alert.feedDegraded("second"));
            SyslogCollector.Frame second = collector.next();

            assertEquals(2, second.connection());
            assertEquals("Audit feed degraded: second", parse(second).group(8));
        }
    }

    @Test
    void a_collector_that_is_not_there_fails_the_delivery_with_a_warning_and_the_service_carries_on()
            throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        try (AlertService alerts = service(closedPort)) {
            alerts.announce(Alert.incidentOpened(Incidents.bulkChanges()));
            alerts.export(new TrailEntry(7L, NOW, "rick", "dismiss", 12L, Incidents.USER_ID, "a test", null, null));
        }

        String target = "target=syslog+tcp://127.0.0.1:" + closedPort + " cause=ConnectException";
        List<String> failed = logs.messages(ch.qos.logback.classic.Level.WARN, "");
        assertTrue(failed.contains("alert delivery failed kind=incident_opened incident=12 channel=syslog "
                + target + ": Connection refused"), String.join("\n", failed));
        assertTrue(failed.contains("trail export failed entry=7 action=dismiss channel=syslog " + target
                + ": Connection refused"), String.join("\n", failed));
        assertFalse(logs.messages(ch.qos.logback.classic.Level.INFO, "alert retry channel=syslog").isEmpty());
    }
}
