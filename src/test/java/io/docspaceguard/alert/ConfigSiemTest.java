package io.docspaceguard.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.Config;
import io.docspaceguard.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GUARD_SYSLOG_* and GUARD_SIEM_FILE: defaults, and one line naming the variable for each bad value. */
class ConfigSiemTest {
    @TempDir
    Path dir;

    private static AlertSettings settings(Map<String, String> env) {
        return Config.fromEnv(env).alertSettings();
    }

    private static ConfigException refused(Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e;
    }

    @Test
    void without_siem_variables_neither_syslog_nor_the_file_is_on() {
        AlertSettings settings = settings(Map.of());

        assertNull(settings.syslog());
        assertNull(settings.siemFile());
    }

    @Test
    void syslog_is_tls_on_port_6514_unless_told_otherwise_and_plain_tcp_defaults_to_514() {
        assertEquals(new AlertSettings.Syslog("siem.example.com", 6514, true, null),
                settings(Map.of("GUARD_SYSLOG_HOST", "siem.example.com")).syslog());
        assertEquals(new AlertSettings.Syslog("10.0.0.7", 514, false, null),
                settings(Map.of("GUARD_SYSLOG_HOST", "10.0.0.7", "GUARD_SYSLOG_TLS", "false")).syslog());
        assertEquals(new AlertSettings.Syslog("siem.example.com", 1514, true, null),
                settings(Map.of("GUARD_SYSLOG_HOST", "siem.example.com", "GUARD_SYSLOG_PORT", "1514")).syslog());
    }

    @Test
    void a_pem_ca_file_is_read_at_start_up() throws Exception {
        TestCertificates ca = TestCertificates.create(dir, "ca", "dns:siem.example.com");

        AlertSettings.Syslog syslog = settings(Map.of("GUARD_SYSLOG_HOST", "siem.example.com",
                "GUARD_SYSLOG_CA_FILE", ca.pem().toString())).syslog();

        assertEquals(ca.pem(), syslog.caFile());
    }

    @Test
    void the_siem_file_may_be_new_in_an_existing_directory_or_an_existing_file() throws Exception {
        Path fresh = dir.resolve("events.jsonl");
        assertEquals(fresh, settings(Map.of("GUARD_SIEM_FILE", fresh.toString())).siemFile());
        Files.writeString(fresh, "");
        assertEquals(fresh, settings(Map.of("GUARD_SIEM_FILE", fresh.toString())).siemFile());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "GUARD_SYSLOG_HOST | tcp://siem.example.com",
            "GUARD_SYSLOG_HOST | siem example com",
            "GUARD_SYSLOG_PORT | 0",
            "GUARD_SYSLOG_PORT | syslog",
            "GUARD_SYSLOG_TLS  | yes"})
    void a_malformed_syslog_value_stops_start_up_naming_its_variable(String variable, String value) {
        Map<String, String> env = new HashMap<>(Map.of("GUARD_SYSLOG_HOST", "siem.example.com"));
        env.put(variable, value);

        assertTrue(refused(env).getMessage().startsWith(variable + ": "));
    }

    @ParameterizedTest(name = "{0} without a host")
    @CsvSource({"GUARD_SYSLOG_PORT, 6514", "GUARD_SYSLOG_TLS, false", "GUARD_SYSLOG_CA_FILE, /etc/ssl/ca.pem"})
    void syslog_settings_without_a_host_name_the_missing_host(String variable, String value) {
        assertEquals("GUARD_SYSLOG_HOST: required when " + variable + " is set",
                refused(Map.of(variable, value)).getMessage());
    }

    @Test
    void a_ca_file_that_is_missing_not_pem_or_without_tls_stops_start_up() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        Path missing = dir.resolve("missing.pem");

        assertEquals("GUARD_SYSLOG_CA_FILE: no such file " + missing, refused(Map.of("GUARD_SYSLOG_HOST", "siem",
                "GUARD_SYSLOG_CA_FILE", missing.toString())).getMessage());
        assertTrue(refused(Map.of("GUARD_SYSLOG_HOST", "siem", "GUARD_SYSLOG_CA_FILE", notPem.toString()))
                .getMessage().startsWith("GUARD_SYSLOG_CA_FILE: " + notPem + " holds no PEM certificate"));
        assertTrue(refused(Map.of("GUARD_SYSLOG_HOST", "siem", "GUARD_SYSLOG_TLS", "false",
                "GUARD_SYSLOG_CA_FILE", notPem.toString())).getMessage()
                .startsWith("GUARD_SYSLOG_CA_FILE: only used with TLS"));
    }

    @Test
    void a_siem_file_in_a_missing_directory_or_naming_a_directory_stops_start_up() {
        Path inMissing = dir.resolve("no-such-dir").resolve("events.jsonl");

        assertEquals("GUARD_SIEM_FILE: cannot create " + inMissing + ": directory " + inMissing.getParent()
                + " does not exist", refused(Map.of("GUARD_SIEM_FILE", inMissing.toString())).getMessage());
        assertTrue(refused(Map.of("GUARD_SIEM_FILE", dir.toString())).getMessage()
                .startsWith("GUARD_SIEM_FILE: " + dir + " is a directory"));
    }

    @Test
    void config_to_string_shows_where_siem_events_go() {
        String text = Config.fromEnv(Map.of("GUARD_SYSLOG_HOST", "siem.example.com",
                "GUARD_SIEM_FILE", dir.resolve("events.jsonl").toString())).toString();

        assertTrue(text.contains("syslog=Syslog[host=siem.example.com, port=6514, tls=true, caFile=null]"), text);
        assertTrue(text.contains("siemFile=" + dir.resolve("events.jsonl")), text);
    }
}
