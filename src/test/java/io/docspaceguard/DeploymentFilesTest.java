package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.bench.RecommendedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and guard.env.example as an operator relies on them, read as files: YAML merge keys
 * ({@code <<: *guard}) are expanded by SnakeYAML, so the second instance is checked as Compose sees it.
 */
class DeploymentFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void both_guard_instances_restart_report_health_run_unprivileged_and_read_the_env_file() throws IOException {
        JsonNode services = compose().path("services");

        for (String name : new String[] {"guard", "guard-2"}) {
            JsonNode guard = services.path(name);
            assertEquals("unless-stopped", guard.path("restart").asText(), name);
            assertTrue(guard.path("healthcheck").path("test").toString().contains("/health"), name);
            String user = guard.path("user").asText();
            assertFalse(user.isEmpty() || user.startsWith("0") || user.startsWith("root"), name + " runs as " + user);
            assertEquals("guard.env", guard.path("env_file").get(0).asText(), name);
            assertEquals("service_healthy", guard.path("depends_on").path("postgres").path("condition").asText());
            assertTrue(guard.path("command").toString().contains("docspace-guard.jar is missing"), name);
            guard.path("ports").forEach(port -> assertTrue(port.asText().startsWith("127.0.0.1:"), port.asText()));
        }
        assertFalse(services.path("guard").path("ports").equals(services.path("guard-2").path("ports")));
    }

    @Test
    void both_guard_instances_start_the_jvm_as_the_operations_page_recommends() throws IOException {
        Matcher recommended = Pattern.compile("(?m)^MALLOC_ARENA_MAX=(\\d+) java ((?:-\\S+ )+)-jar ")
                .matcher(Files.readString(Path.of("docs", "operations.md")));
        assertTrue(recommended.find(), "docs/operations.md shows the recommended java line");
        JsonNode services = compose().path("services");

        for (String name : new String[] {"guard", "guard-2"}) {
            JsonNode guard = services.path(name);
            assertTrue(guard.path("command").toString().contains("exec java " + recommended.group(2) + "-jar "),
                    name + " runs java with " + recommended.group(2));
            assertEquals(recommended.group(1), guard.path("environment").path("MALLOC_ARENA_MAX").asText(), name);
        }
        // The benchmarks start the service the same way unless told otherwise.
        assertEquals(recommended.group(2).strip(), String.join(" ", RecommendedJvm.OPTIONS));
    }

    @Test
    void postgres_has_no_default_password_and_is_ready_when_it_answers_over_tcp() throws IOException {
        JsonNode postgres = compose().path("services").path("postgres");

        String password = postgres.path("environment").path("POSTGRES_PASSWORD").asText();
        assertTrue(password.matches("\\$\\{GUARD_DB_PASSWORD:\\?.+}"), "a required variable, not a default: " + password);
        assertTrue(postgres.path("healthcheck").path("test").toString().contains("pg_isready -h 127.0.0.1"));
    }

    private static JsonNode compose() throws IOException {
        Object parsed = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        return JSON.valueToTree(parsed);
    }

    @Test
    void the_example_env_file_names_every_setting_of_the_configuration_page() throws IOException {
        String page = Files.readString(Path.of("docs", "configuration.md"));
        Set<String> documented = new TreeSet<>();
        for (String row : page.lines().filter(l -> l.startsWith("| `")).toList()) {
            Matcher name = Pattern.compile("`((?:GUARD|DOCSPACE)_[A-Z0-9_]+)`").matcher(row.split("\\|")[1]);
            while (name.find()) {
                documented.add(name.group(1));
            }
        }
        String example = Files.readString(Path.of("guard.env.example"));
        // Set by docker-compose.yml itself for both containers.
        Set<String> composed = Set.of("GUARD_DB_URL", "GUARD_DB_USER", "GUARD_DB_PASSWORD", "GUARD_HTTP_HOST",
                "GUARD_HTTP_PORT", "GUARD_RULES_DIR");

        assertTrue(documented.size() > 20, documented.toString());
        for (String variable : documented) {
            if (!composed.contains(variable)) {
                assertTrue(Pattern.compile("(?m)^#? ?" + variable + "=").matcher(example).find(),
                        variable + " is in docs/configuration.md but not in guard.env.example");
            }
        }
    }
}
