package io.docspaceguard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.ApiClient;
import io.docspaceguard.App;
import io.docspaceguard.MutableClock;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.engine.RuleLoadException;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.scan.Scanner;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo as the {@code demo} command starts it, with the clock, the simulator and the scans driven by
 * hand instead of by timers, so minutes of activity take seconds.
 */
class DemoTest {
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void a_scan_finds_the_first_burst_and_approving_it_silences_the_simulated_account() throws RuleLoadException {
        try (Demo<App> demo = start()) {
            run(demo, Duration.ofMinutes(3));
            ActivitySimulator.ScenarioRun burst = demo.simulator().history().get(0);
            List<Incident> incidents = demo.service().incidents().list(IncidentFilter.all()).items();

            assertEquals(ActivitySimulator.Scenario.BURST, burst.scenario());
            // The burst renames files to *.locked as well: a ransomware sign, an incident of its own.
            assertEquals(List.of("bulk-file-changes", "ransomware-names"),
                    incidents.stream().map(Incident::rule).sorted().toList(), incidents.toString());
            assertTrue(incidents.stream().allMatch(i -> i.userId().equals(burst.userId())));
            Incident incident = incidents.stream().filter(i -> i.rule().equals("bulk-file-changes")).findFirst()
                    .orElseThrow();
            assertEquals(burst.userId(), incident.userId());
            assertEquals(burst.userName(), incident.userName());
            assertEquals(burst.files(), incident.fileCount());

            ApiClient.Answer approved = new ApiClient(demo.service().port()).post("/api/incidents/" + incident.id()
                    + "/approve", demo.tokens().reviewer(), "{\"comment\": \"burst in the demo\"}");
            Instant approvedAt = clock.instant();
            run(demo, Duration.ofMinutes(6));

            assertEquals(200, approved.status(), approved.text());
            assertFalse(demo.portal().isActive(burst.userId()));
            assertEquals(IncidentStatus.DISABLED, demo.service().incidents().get(incident.id()).orElseThrow()
                    .incident().status());
            List<AuditEntry> later = portalEvents(demo, approvedAt).stream()
                    .filter(e -> e.userId().equals(burst.userId())).toList();
            assertEquals(List.of(), later);
            assertTrue(demo.simulator().history().size() >= 3, "the demo went on with other people");
        }
    }

    @Test
    void the_banner_says_simulation_and_gives_the_console_url_and_tokens_and_closing_deletes_the_database()
            throws RuleLoadException {
        Demo<App> demo = start();
        List<String> banner;
        int port = demo.service().port();
        try {
            banner = demo.banner();
            ApiClient.Answer asViewer = new ApiClient(port).get("/api/incidents", demo.tokens().viewer());
            ApiClient.Answer asAdmin = new ApiClient(port).get("/api/rules", demo.tokens().admin());

            assertEquals(200, asViewer.status(), asViewer.text());
            assertEquals(200, asAdmin.status(), asAdmin.text());
            assertTrue(Files.isDirectory(demo.databaseDir()));
        } finally {
            demo.close();
        }
        String text = String.join("\n", banner);

        assertTrue(banner.get(0).contains("SIMULATION"), banner.get(0));
        assertTrue(text.contains("console:        http://127.0.0.1:" + port + "/"), text);
        assertTrue(text.contains(demo.tokens().reviewer()) && text.contains(demo.tokens().admin())
                && text.contains(demo.tokens().viewer()), text);
        assertTrue(demo.tokens().reviewer().length() >= 32);
        assertFalse(Files.exists(demo.databaseDir()));
    }

    private Demo<App> start() throws RuleLoadException {
        return Demo.start(new Demo.Options(5, new ActivitySimulator.Settings(Duration.ofMinutes(3),
                Duration.ofSeconds(30), Duration.ofSeconds(6), Duration.ofSeconds(20)), false),
                Map.of("GUARD_HTTP_PORT", "0"), clock, App::launch);
    }

    /** The live demo's rhythm: the simulator ticks, the service scans every 15 seconds. */
    private void run(Demo<App> demo, Duration total) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(STEP)) {
            clock.advance(STEP);
            demo.simulator().tick();
            if (done.plus(STEP).toSeconds() % Demo.SCAN_INTERVAL.toSeconds() == 0) {
                demo.service().scanner().scan(Scanner.Trigger.API);
            }
        }
    }

    private List<AuditEntry> portalEvents(Demo<App> demo, Instant from) {
        HttpDocSpaceClient client = new HttpDocSpaceClient(demo.portal().baseUrl(), demo.portal().apiKey(),
                new HttpDocSpaceClient.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0,
                        Duration.ofMillis(10), Duration.ofMillis(50)));
        return new AuditFeed(client).read(from, clock.instant()).events();
    }
}
