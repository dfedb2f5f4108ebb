package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.http.ApiToken;
import io.docspaceguard.http.Role;
import io.docspaceguard.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    static final String TOKEN_A = "aaaaaaaaaaaaaaaa-token";
    static final String TOKEN_B = "bbbbbbbbbbbbbbbb-token";

    @Test
    void a_database_password_is_taken_as_written_spaces_included() {
        assertEquals("  s3cret ", Config.fromEnv(Map.of("GUARD_DB_PASSWORD", "  s3cret ")).dbPassword());
        assertEquals(null, Config.fromEnv(Map.of("GUARD_DB_PASSWORD", "")).dbPassword());
    }

    @Test
    void an_empty_environment_gives_a_local_run_on_h2_and_the_rules_folder() {
        Config config = Config.fromEnv(Map.of());

        assertEquals("jdbc:h2:file:./data/docspace-guard", config.dbUrl());
        assertEquals(Path.of("./rules"), config.rulesDir());
        // Polling alone notices a burst within 30 s: a scan every 10 s reads up to 5 s ago.
        assertEquals(Duration.ofSeconds(10), config.scanInterval());
        assertEquals(Duration.ofSeconds(5), config.scanLag());
        assertEquals(Database.DEFAULT_POOL_SIZE, config.dbPoolSize());
        assertTrue(config.scheduled());
        assertEquals(8080, config.httpPort());
        assertEquals("127.0.0.1", config.httpHost());
        assertNull(config.docSpaceHost());
        assertNull(config.dbPassword());
        assertEquals(List.of(), config.apiTokens());
        assertEquals(Set.of(), config.protectedUsers());
    }

    @Test
    void a_blank_variable_counts_as_unset() {
        Config config = Config.fromEnv(Map.of("GUARD_HTTP_PORT", "  ", "GUARD_SCAN_INTERVAL", ""));

        assertEquals(8080, config.httpPort());
        assertEquals(Duration.ofSeconds(10), config.scanInterval());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "GUARD_SCAN_INTERVAL     | abc",
            "GUARD_SCAN_INTERVAL     | -PT1M",
            "GUARD_SCAN_INTERVAL     | 5m",
            "GUARD_SCAN_INTERVAL     | PT0.0001S",
            "GUARD_SCAN_OVERLAP      | -PT5M",
            "GUARD_SCAN_LAG          | -PT1S",
            "GUARD_INITIAL_LOOKBACK  | PT0S",
            "GUARD_INITIAL_LOOKBACK  | 0",
            "GUARD_SCAN_CHUNK        | PT0S",
            "GUARD_SCAN_CHUNK        | -PT6H",
            "GUARD_RULE_CONTEXT      | PT30M",
            "GUARD_ALERT_SUPPRESSION | PT-1H",
            "GUARD_DOCSPACE_TIMEOUT  | PT0S",
            "GUARD_DOCSPACE_RETRIES  | -1",
            "GUARD_DOCSPACE_RETRIES  | 21",
            "GUARD_DOCSPACE_CONCURRENCY | 0",
            "GUARD_DOCSPACE_CONCURRENCY | 51",
            "GUARD_DOCSPACE_REQUESTS_PER_MINUTE | -1",
            "GUARD_BACKFILL_SHARE    | 0",
            "GUARD_BACKFILL_SHARE    | 1.5",
            "GUARD_BACKFILL_SHARE    | 95%",
            "GUARD_HTTP_PORT         | 99999",
            "GUARD_HTTP_PORT         | -1",
            "GUARD_HTTP_PORT         | x",
            "GUARD_MAX_REQUEST_BYTES | 10",
            "GUARD_HTTP_MAX_CONNECTIONS | 0",
            "GUARD_DB_POOL_SIZE      | 0",
            "GUARD_DB_POOL_SIZE      | many",
            "GUARD_PROTECTED_USERS   | alice",
            "GUARD_PROTECTED_USERS   | 5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c;ceo@example.com",
            "DOCSPACE_API_HOST       | not-a-url",
            "DOCSPACE_API_HOST       | ftp://acme.onlyoffice.com",
            "DOCSPACE_API_HOST       | https://",
            "DOCSPACE_API_HOST       | acme.onlyoffice.com",
    })
    void a_malformed_variable_stops_start_up_with_a_message_naming_it(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of(name, value)));

        assertTrue(e.getMessage().startsWith(name + ":"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing role and token        | alice",
            "missing token                 | alice:viewer",
            "missing name                  | :viewer:" + TOKEN_A,
            "empty entry between commas    | alice:viewer:" + TOKEN_A + ",,bob:viewer:" + TOKEN_B,
            "unknown role                  | alice:owner:" + TOKEN_A,
            "short token                   | alice:viewer:short-token",
            "repeated name                 | alice:viewer:" + TOKEN_A + ",alice:admin:" + TOKEN_B,
            "repeated token                | alice:viewer:" + TOKEN_A + ",bob:admin:" + TOKEN_A,
    })
    void a_malformed_token_entry_stops_start_up_naming_GUARD_API_TOKENS(String problem, String tokens) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("GUARD_API_TOKENS", tokens)));

        assertTrue(e.getMessage().startsWith("GUARD_API_TOKENS:"), e.getMessage());
    }

    @Test
    void a_token_error_never_shows_the_token() {
        ConfigException shortToken = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("GUARD_API_TOKENS", "alice:viewer:sekrit-123")));
        ConfigException repeated = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("GUARD_API_TOKENS", "alice:viewer:" + TOKEN_A + ",bob:admin:" + TOKEN_A)));

        assertFalse(shortToken.getMessage().contains("sekrit-123"), shortToken.getMessage());
        assertFalse(repeated.getMessage().contains(TOKEN_A), repeated.getMessage());
    }

    @Test
    void the_webhook_receiver_is_off_without_a_secret_and_a_short_secret_stops_start_up_unshown() {
        assertFalse(Config.fromEnv(Map.of()).webhookEnabled());
        ConfigException tooShort = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("GUARD_WEBHOOK_SECRET", "hook-sekrit")));

        assertTrue(tooShort.getMessage().startsWith("GUARD_WEBHOOK_SECRET: shorter than 16 characters"),
                tooShort.getMessage());
        assertFalse(tooShort.getMessage().contains("hook-sekrit"), tooShort.getMessage());
        assertFalse(tooShort.getMessage().contains("\n"));
    }

    @Test
    void the_webhook_secret_is_taken_as_written_and_never_shown() {
        Config config = Config.fromEnv(Map.of("GUARD_WEBHOOK_SECRET", " hook-Secret9-0123456789 "));

        assertTrue(config.webhookEnabled());
        assertEquals(" hook-Secret9-0123456789 ", config.webhookSecret());
        assertFalse(config.toString().contains("hook-Secret9"), config.toString());
        assertTrue(config.toString().contains("webhookSecret=***"), config.toString());
    }

    @Test
    void a_scan_interval_of_zero_means_scans_run_only_on_request() {
        assertFalse(Config.fromEnv(Map.of("GUARD_SCAN_INTERVAL", "0")).scheduled());
        assertFalse(Config.fromEnv(Map.of("GUARD_SCAN_INTERVAL", "PT0S")).scheduled());
        assertEquals(Duration.ofMinutes(5), Config.fromEnv(Map.of("GUARD_SCAN_INTERVAL", "PT5M")).scanInterval());
    }

    @Test
    void a_zero_overlap_or_lag_is_allowed() {
        Config config = Config.fromEnv(Map.of("GUARD_SCAN_OVERLAP", "0", "GUARD_SCAN_LAG", "PT0S"));

        assertEquals(Duration.ZERO, config.scanOverlap());
        assertEquals(Duration.ZERO, config.scanLag());
    }

    @Test
    void tokens_are_read_as_name_role_token_with_roles_in_any_case() {
        Config config = Config.fromEnv(Map.of("GUARD_API_TOKENS",
                " vera:Viewer:" + TOKEN_A + " , rick:REVIEWER:" + TOKEN_B + ",ada:admin:cccccccccccccccc:with:colons"));

        assertEquals(List.of(
                new ApiToken("vera", Role.VIEWER, TOKEN_A),
                new ApiToken("rick", Role.REVIEWER, TOKEN_B),
                new ApiToken("ada", Role.ADMIN, "cccccccccccccccc:with:colons")), config.apiTokens());
    }

    @Test
    void a_higher_role_allows_what_a_lower_one_does_and_not_the_reverse() {
        assertTrue(Role.ADMIN.allows(Role.REVIEWER));
        assertTrue(Role.REVIEWER.allows(Role.REVIEWER));
        assertFalse(Role.VIEWER.allows(Role.REVIEWER));
    }

    @Test
    void protected_users_are_trimmed_and_lower_cased() {
        Config config = Config.fromEnv(Map.of("GUARD_PROTECTED_USERS",
                " 5E4D3C2B-1A09-4F8E-9D7C-6B5A4F3E2D1C ,, 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d "));

        assertEquals(Set.of("5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
                config.protectedUsers());
    }

    @Test
    void listening_beyond_loopback_is_warned_about_in_one_line_and_loopback_is_not() {
        assertEquals(List.of(), Config.fromEnv(Map.of()).warnings());
        assertEquals(List.of(), Config.fromEnv(Map.of("GUARD_HTTP_HOST", "::1")).warnings());

        List<String> warnings = Config.fromEnv(Map.of("GUARD_HTTP_HOST", "0.0.0.0")).warnings();

        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("GUARD_HTTP_HOST=0.0.0.0 listens beyond this machine without TLS"),
                warnings.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ftp://u:SECRET-pw@acme.example         | credentials",
            "https://u:SECRET-pw@acme.example       | credentials",
            "https://SECRET-pw@acme.example         | credentials",
            "http://acme.example?key=SECRET-pw      | query",
            "https://acme.example/#SECRET-pw        | query",
            "gopher://acme.example/SECRET-pw        | https",
            "http://acme.example/SECRET-pw          | GUARD_ALLOW_INSECURE_HTTP",
            "http://10.0.0.7:8080/SECRET-pw         | GUARD_ALLOW_INSECURE_HTTP",
    })
    void a_portal_url_with_credentials_or_in_clear_is_refused_without_echoing_it(String url, String hint) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("DOCSPACE_API_HOST", url)));

        assertTrue(e.getMessage().startsWith("DOCSPACE_API_HOST:"), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    }

    @Test
    void plain_http_is_taken_for_loopback_portals_and_elsewhere_only_when_explicitly_allowed() {
        for (String url : List.of("http://127.0.0.1:8092", "http://localhost:8092", "http://[::1]:8092")) {
            assertEquals(url, Config.fromEnv(Map.of("DOCSPACE_API_HOST", url)).docSpaceHost());
        }
        assertEquals("http://docspace.internal", Config.fromEnv(Map.of("DOCSPACE_API_HOST",
                "http://docspace.internal", "GUARD_ALLOW_INSECURE_HTTP", "true")).docSpaceHost());
    }

    @Test
    void the_portal_url_loses_its_trailing_slashes() {
        assertEquals("https://acme.onlyoffice.com",
                Config.fromEnv(Map.of("DOCSPACE_API_HOST", "https://acme.onlyoffice.com//")).docSpaceHost());
    }

    @Test
    void to_string_shows_no_api_key_no_database_password_and_no_token() {
        String apiKey = "sk-0123456789abcdef0123456789abcdef";
        String dbPassword = "db-pass-Zq81!x";
        Config config = Config.fromEnv(Map.of(
                "DOCSPACE_API_HOST", "https://acme.onlyoffice.com",
                "DOCSPACE_API_KEY", apiKey,
                "GUARD_DB_URL", "jdbc:postgresql://db:5432/guard",
                "GUARD_DB_USER", "guard",
                "GUARD_DB_PASSWORD", dbPassword,
                "GUARD_API_TOKENS", "vera:viewer:" + TOKEN_A + ",rick:reviewer:" + TOKEN_B));

        String shown = config.toString();

        assertFalse(shown.contains(apiKey), shown);
        assertFalse(shown.contains(dbPassword), shown);
        assertFalse(shown.contains(TOKEN_A), shown);
        assertFalse(shown.contains(TOKEN_B), shown);
        assertTrue(shown.contains("https://acme.onlyoffice.com"), shown);
        assertTrue(shown.contains("vera:viewer:***"), shown);
    }

    @Test
    void to_string_hides_a_password_written_into_the_database_url() {
        Config postgres = Config.fromEnv(Map.of("GUARD_DB_URL",
                "jdbc:postgresql://db:5432/guard?user=guard&password=in-url-Secret9&ssl=true"));
        Config h2 = Config.fromEnv(Map.of("GUARD_DB_URL", "jdbc:h2:file:./data/g;USER=sa;PASSWORD=h2-Secret9;MODE=PostgreSQL"));

        assertFalse(postgres.toString().contains("in-url-Secret9"), postgres.toString());
        assertTrue(postgres.toString().contains("ssl=true"), postgres.toString());
        assertFalse(h2.toString().contains("h2-Secret9"), h2.toString());
    }
}
