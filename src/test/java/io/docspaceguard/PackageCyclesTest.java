package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lower layers never import higher ones (STYLE.md): the package cycles issue 11 broke stay broken, and no new
 * cycle appears. Read from the import lines of src/main/java, so a cycle shows up before anything is built on it.
 */
class PackageCyclesTest {
    private static final String ROOT = "io.docspaceguard";
    /**
     * The one cycle left: the CLI in the root package runs the benchmarks, and the benchmarks build the whole
     * service with {@link App}, the composition root they measure. Breaking it is welcome; the test allows it.
     */
    private static final Set<Set<String>> KNOWN = Set.of(Set.of(ROOT, ROOT + ".bench"));

    private static PackageGraph graph;

    @BeforeAll
    static void readSources() throws IOException {
        graph = PackageGraph.read(Path.of("src/main/java"));
    }

    @Test
    void the_scanner_sees_the_imports_the_sources_have() {
        assertTrue(graph.packages().containsAll(Set.of(ROOT, ROOT + ".http", ROOT + ".incident", ROOT + ".alert")),
                graph.packages().toString());
        assertTrue(graph.importsOf(ROOT).contains(ROOT + ".http"), "App builds the HTTP API");
        assertTrue(graph.importsOf(ROOT + ".alert").contains(ROOT + ".incident"), "alerts describe incidents");
        assertFalse(graph.importsOf(ROOT + ".http").contains(ROOT + ".http"), "a package's own imports are no edge");
    }

    @Test
    void incident_does_not_depend_on_alert_while_alert_describes_incidents() {
        assertNoCycle("incident", "alert");
    }

    @Test
    void the_http_api_does_not_depend_on_the_root_package_that_builds_it() {
        assertNoCycle("", "http");
    }

    @Test
    void the_demo_does_not_depend_on_the_root_package_that_launches_it() {
        assertNoCycle("", "demo");
    }

    @Test
    void no_package_cycle_exists_but_the_known_one() {
        Set<Set<String>> unknown = graph.cycles().stream().filter(c -> !KNOWN.contains(c)).collect(Collectors.toSet());

        assertEquals(Set.of(), unknown, unknown.stream().map(c -> new TreeSet<>(c) + ":" + graph.describe(c))
                .collect(Collectors.joining("\n")));
    }

    private static void assertNoCycle(String a, String b) {
        String first = a.isEmpty() ? ROOT : ROOT + "." + a;
        String second = ROOT + "." + b;
        assertFalse(graph.inOneCycle(first, second), () -> first + " and " + second + " import each other:"
                + graph.describe(graph.cycles().stream().filter(c -> c.contains(first)).findFirst().orElseThrow()));
    }
}
