package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs every scenario file in ./rules through the production engine, one test per scenario. */
class RuleScenariosTest {
    private static final Path RULES = Path.of("rules");
    private static RuleEngine engine;

    @BeforeAll
    static void loadRules() throws RuleLoadException {
        engine = new RuleEngine(RULES, Clock.systemUTC());
        engine.reload();
    }

    @TestFactory
    Stream<DynamicContainer> every_scenario_beside_the_rules_passes() throws IOException {
        ScenarioRunner runner = new ScenarioRunner(engine);
        return ScenarioRunner.scenarioFiles(RULES).stream().map(file -> DynamicContainer.dynamicContainer(
                file.getFileName().toString(),
                runner.run(file).stream().map(result -> DynamicTest.dynamicTest(result.scenario(),
                        () -> assertTrue(result.passed(), result.message())))));
    }

    @Test
    void every_rule_file_has_a_scenario_file_beside_it() throws IOException {
        try (Stream<Path> files = Files.list(RULES)) {
            List<String> missing = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".drl"))
                    .filter(name -> !Files.exists(RULES.resolve(name.replace(".drl", ScenarioRunner.SUFFIX))))
                    .toList();
            assertEquals(List.of(), missing);
        }
    }

    @Test
    void a_failing_expectation_is_reported_with_what_the_rules_found() throws IOException {
        Path file = Files.createTempFile("wrong", ScenarioRunner.SUFFIX);
        Files.writeString(file, """
                {"rule": "bulk-file-changes", "scenarios": [{
                  "name": "expects nothing but gets a burst",
                  "series": [{"userId": "anna", "actionId": 5034, "start": "2025-05-14T08:00:00Z", "every": "PT1S", "count": 30}],
                  "findings": []}]}
                """);
        List<ScenarioRunner.Result> results = new ScenarioRunner(engine).run(file);
        assertEquals(1, results.size());
        assertFalse(results.get(0).passed());
        assertTrue(results.get(0).message().contains("bulk-file-changes/anna/30 files"), results.get(0).message());
    }
}
