package io.docspaceguard.alert;

import io.docspaceguard.Config;
import io.docspaceguard.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigAlertTest {
    private static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/SeCrEtToKeN";

    private static Map<String, String> email() {
        Map<String, String> env = new HashMap<>();
        env.put("GUARD_SECURITY_CONTACT", "security@example.com");
        env.put("GUARD_SMTP_HOST", "smtp.example.com");
        return env;
    }

    @Test
    void without_alert_variables_only_the_log_line_is_configured() {
        AlertSettings settings = Config.fromEnv(Map.of()).alertSettings();

        assertNull(settings.webhookUrl());
        assertNull(settings.smtp());
    }

    @Test
    void the_webhook_url_is_kept_whole_path_and_query_included() {
        AlertSettings settings = Config.fromEnv(Map.of("GUARD_ALERT_WEBHOOK_URL", WEBHOOK + "?x=1")).alertSettings();

        assertEquals(URI.create(WEBHOOK + "?x=1"), settings.webhookUrl());
    }

    @Test
    void email_with_only_contact_and_host_uses_port_587_starttls_and_a_from_address_at_the_smtp_host() {
        AlertSettings.Smtp smtp = Config.fromEnv(email()).alertSettings().smtp();

        assertEquals(new AlertSettings.Smtp("smtp.example.com", 587, null, null, true,
                "docspace-guard@smtp.example.com", "security@example.com"), smtp);
    }

    @Test
    void every_smtp_variable_is_read() {
        Map<String, String> env = email();
        env.put("GUARD_SMTP_PORT", "2525");
        env.put("GUARD_SMTP_USER", "guard");
        env.put("GUARD_SMTP_PASSWORD", " pass with spaces ");
        env.put("GUARD_SMTP_STARTTLS", "false");
        env.put("GUARD_SMTP_FROM", "Guard <guard@example.com>");
        env.put("GUARD_SECURITY_CONTACT", "security@example.com, oncall@example.com");

        assertEquals(new AlertSettings.Smtp("smtp.example.com", 2525, "guard", " pass with spaces ", false,
                "Guard <guard@example.com>", "security@example.com, oncall@example.com"),
                Config.fromEnv(env).alertSettings().smtp());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "GUARD_ALERT_WEBHOOK_URL | ftp://hooks.example.com/x",
            "GUARD_ALERT_WEBHOOK_URL | hooks.slack.com/services/T000",
            "GUARD_ALERT_WEBHOOK_URL | https://exa mple.com/hook",
            "GUARD_SMTP_PORT         | 70000",
            "GUARD_SMTP_PORT         | smtp",
            "GUARD_SMTP_STARTTLS     | yes",
            "GUARD_SMTP_HOST         | smtp://smtp.example.com",
            "GUARD_SMTP_FROM         | not an address",
            "GUARD_SMTP_FROM         | a@example.com, b@example.com",
            "GUARD_SECURITY_CONTACT  | security"})
    void a_malformed_value_stops_start_up_naming_its_variable(String variable, String value) {
        Map<String, String> env = email();
        env.put(variable, value);

        ConfigException error = assertThrows(ConfigException.class, () -> Config.fromEnv(env));

        assertTrue(error.getMessage().startsWith(variable + ": "), error.getMessage());
    }

    @Test
    void a_bad_webhook_url_is_not_echoed_because_it_may_hold_a_secret() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("GUARD_ALERT_WEBHOOK_URL", "htps://hooks.slack.com/SeCrEtToKeN")));

        assertFalse(error.getMessage().contains("SeCrEtToKeN"), error.getMessage());
    }

    @ParameterizedTest(name = "only {0} set → error names {1}")
    @CsvSource({
            "GUARD_SECURITY_CONTACT, GUARD_SMTP_HOST",
            "GUARD_SMTP_HOST, GUARD_SECURITY_CONTACT"})
    void contact_and_smtp_host_come_together_and_the_error_names_the_missing_one(String present, String missing) {
        Map<String, String> env = email();
        env.remove(missing);

        ConfigException error = assertThrows(ConfigException.class, () -> Config.fromEnv(env));

        assertTrue(error.getMessage().startsWith(missing + ": "), error.getMessage());
    }

    @ParameterizedTest(name = "only {0} set → error names {1}")
    @CsvSource({
            "GUARD_SMTP_USER, GUARD_SMTP_PASSWORD",
            "GUARD_SMTP_PASSWORD, GUARD_SMTP_USER"})
    void smtp_user_and_password_come_together(String present, String missing) {
        Map<String, String> env = email();
        env.put(present, "value-" + present);

        ConfigException error = assertThrows(ConfigException.class, () -> Config.fromEnv(env));

        assertTrue(error.getMessage().startsWith(missing + ": "), error.getMessage());
    }

    @Test
    void config_to_string_shows_the_alert_targets_but_no_password_or_webhook_path() {
        Map<String, String> env = email();
        env.put("GUARD_ALERT_WEBHOOK_URL", WEBHOOK);
        env.put("GUARD_SMTP_USER", "guard");
        env.put("GUARD_SMTP_PASSWORD", "Sm7p-Pa55word!");

        String text = Config.fromEnv(env).toString();

        assertTrue(text.contains("hooks.slack.com") && text.contains("smtp.example.com"), text);
        assertFalse(text.contains("SeCrEtToKeN") || text.contains("T000"), text);
        assertFalse(text.contains("Sm7p-Pa55word!"), text);
    }
}
