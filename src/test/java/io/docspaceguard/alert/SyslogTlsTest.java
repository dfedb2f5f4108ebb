package io.docspaceguard.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog over TLS (RFC 5425) to a real TLS collector whose certificates keytool makes for the run: delivered when
 * the collector's certificate verifies against the configured CA and names the host, refused otherwise.
 */
class SyslogTlsTest {
    @TempDir
    static Path dir;
    private static TestCertificates collectorCert;
    private static TestCertificates otherCa;
    private static TestCertificates wrongHost;

    private LogCapture logs;

    @BeforeAll
    static void certificates() throws Exception {
        collectorCert = TestCertificates.create(dir, "collector", "dns:localhost,ip:127.0.0.1");
        otherCa = TestCertificates.create(dir, "other", "dns:localhost,ip:127.0.0.1");
        wrongHost = TestCertificates.create(dir, "elsewhere", "dns:elsewhere.example");
    }

    @BeforeEach
    void capture() {
        logs = new LogCapture();
    }

    @AfterEach
    void release() {
        logs.close();
    }

    private static SyslogChannel channel(int port, Path caFile) {
        return new SyslogChannel(new AlertSettings.Syslog("localhost", port, true, caFile), Duration.ofSeconds(5), 2,
                Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private static SiemEvent event(String text) {
        return SiemEvent.of(Alert.feedDegraded(text), Instant.parse("2025-03-04T09:20:00Z"));
    }

    @Test
    void with_the_collectors_ca_file_messages_arrive_over_tls_on_one_connection() throws Exception {
        try (SyslogCollector collector = SyslogCollector.tls(collectorCert.keyStore(), TestCertificates.PASSWORD);
             SyslogChannel syslog = channel(collector.port(), collectorCert.pem())) {
            syslog.deliver(event("first"));
            syslog.deliver(event("second"));

            SyslogCollector.Frame first = collector.next();
            SyslogCollector.Frame second = collector.next();
            assertEquals("Audit feed degraded: first", SyslogAlertTest.parse(first).group(8));
            assertEquals("Audit feed degraded: second", SyslogAlertTest.parse(second).group(8));
            assertEquals(List.of(1, 1), List.of(first.connection(), second.connection()));
        }
    }

    @Test
    void a_collector_certificate_from_another_ca_fails_the_delivery_without_retrying_and_sends_nothing()
            throws Exception {
        try (SyslogCollector collector = SyslogCollector.tls(collectorCert.keyStore(), TestCertificates.PASSWORD);
             SyslogChannel syslog = channel(collector.port(), otherCa.pem())) {
            DeliveryException e = assertThrows(DeliveryException.class, () -> syslog.deliver(event("secret plans")));

            assertTrue(e.getMessage().startsWith("SSLHandshakeException"), e.getMessage());
            assertEquals(List.of(), collector.pending());
            assertEquals(List.of(), logs.messages(Level.INFO, "alert retry channel=syslog"),
                    "an untrusted certificate stays untrusted: no retries");
        }
    }

    @Test
    void a_trusted_certificate_issued_for_another_host_fails_the_delivery() throws Exception {
        try (SyslogCollector collector = SyslogCollector.tls(wrongHost.keyStore(), TestCertificates.PASSWORD);
             SyslogChannel syslog = channel(collector.port(), wrongHost.pem())) {
            DeliveryException e = assertThrows(DeliveryException.class, () -> syslog.deliver(event("x")));

            assertTrue(e.getMessage().contains("localhost"), e.getMessage());
            assertEquals(List.of(), collector.pending());
        }
    }

    @Test
    void without_a_ca_file_the_jdk_trust_store_decides_and_does_not_trust_a_private_collector() throws Exception {
        try (SyslogCollector collector = SyslogCollector.tls(collectorCert.keyStore(), TestCertificates.PASSWORD);
             SyslogChannel syslog = channel(collector.port(), null)) {
            assertThrows(DeliveryException.class, () -> syslog.deliver(event("x")));

            assertEquals(List.of(), collector.pending());
        }
    }
}
