package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.http.HttpApi;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI description the service serves says what the service does: the same paths and methods, the same
 * least role per route, and the same query parameters, read from the routes the running service registered.
 */
class OpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void the_served_description_lists_exactly_the_registered_routes_roles_and_query_parameters() {
        try (GuardFixture guard = new GuardFixture(work, GuardFixture.at("11:00:00"),
                Map.of("GUARD_WEBHOOK_SECRET", "webhook-secret-0123456789abcdef")).start()) {
            ApiClient.Answer served = guard.api().get("/api/openapi.yaml", GuardFixture.VIEWER);
            assertEquals(200, served.status());
            assertTrue(served.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
            JsonNode spec = JSON.valueToTree(new Yaml().load(served.text()));

            Map<String, String> described = new TreeMap<>();
            Map<String, String> registered = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> path = paths.next();
                Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
                while (operations.hasNext()) {
                    Map.Entry<String, JsonNode> operation = operations.next();
                    described.put(operation.getKey().toUpperCase() + " " + path.getKey(),
                            operation.getValue().path("x-role").asText("(none)") + " "
                                    + queryParameters(spec, operation.getValue()));
                }
            }
            for (HttpApi.Route route : guard.app().routes()) {
                registered.put(route.method() + " " + route.path(),
                        route.role() + " " + new TreeSet<>(route.queryParameters()));
            }

            assertEquals(registered, described);
        }
    }

    private static TreeSet<String> queryParameters(JsonNode spec, JsonNode operation) {
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode resolved = parameter.has("$ref")
                    ? spec.at(parameter.path("$ref").asText().substring(1)) : parameter;
            if ("query".equals(resolved.path("in").asText())) {
                names.add(resolved.path("name").asText());
            }
        }
        return names;
    }
}
