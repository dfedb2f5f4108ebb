package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.demo.ActivitySimulator;
import io.docspaceguard.demo.Demo;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.engine.RuleLoadException;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.scan.Scanner;
import io.docspaceguard.store.AuditEventDao;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium against the demo: the service on the simulated portal, with
 * the clock, the simulator and the scans driven by hand ({@code live=false}), so minutes of activity take
 * well under a second. Runs with {@code mvn verify} (see {@link BrowserTest}).
 */
@BrowserTest
class ConsoleDemoBrowserTest {
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(5);
    /** The live demo scans every 15 seconds. */
    private static final Duration SCAN_EVERY = Duration.ofSeconds(15);
    /** Past a scenario's end, every row of it is written and inside a scan's window (lateness + lag). */
    private static final Duration SETTLED = Duration.ofSeconds(30);

    @TempDir
    static Path profile;
    private static Chromium chromium;

    private final MutableClock clock = new MutableClock(T0);
    private Demo<App> demo;

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.start(profile);
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void a_reviewer_scans_finds_the_demo_burst_approves_it_which_silences_the_account_and_reenables_it()
            throws RuleLoadException, IOException {
        demo = start();
        ActivitySimulator.ScenarioRun burst = untilFirstBurstIsWritten();
        chromium.logIn(demo.consoleUrl(), demo.tokens().reviewer());

        chromium.driver().findElement(By.linkText("Scans")).click();
        chromium.waitFor(By.id("scan-now")).click();
        // The burst overwrites files and renames some to *.locked: bulk-file-changes and ransomware-names.
        chromium.waitForText(By.id("scan-result"), "2 incidents opened");
        chromium.driver().findElement(By.linkText("Incidents")).click();
        chromium.waitFor(By.cssSelector("table.incidents tbody tr a"));
        WebElement row = chromium.driver().findElements(By.cssSelector("table.incidents tbody tr")).stream()
                .filter(tr -> tr.getText().contains("bulk-file-changes")).findFirst().orElseThrow();
        assertTrue(row.getText().contains(burst.userName()), row.getText());
        row.findElement(By.cssSelector("a")).click();

        Incident incident = incident("bulk-file-changes");
        chromium.waitForText(By.id("incident-reason"), "distinct files changed within 10 min (limit 20)");
        WebElement threshold = chromium.present(By.cssSelector("#chart svg line.threshold"));
        assertEquals(threshold.getAttribute("y1"), threshold.getAttribute("y2"));
        assertTrue(chromium.text(By.id("chart")).contains("threshold: more than " + incident.threshold()));
        int counted = chromium.driver().findElements(By.cssSelector("#chart svg circle.counted")).size();
        assertTrue(counted >= burst.files(), counted + " counted events for " + burst.files() + " files");
        assertEquals("open", chromium.text(By.id("incident-status")));
        assertTrue(chromium.button("approve").isEnabled());
        assertEquals(List.of(), chromium.driver().findElements(By.cssSelector("button[data-action='reenable']")),
                "an open incident cannot be re-enabled");
        chromium.screenshot(Path.of("target", "console-demo-incident.png"));

        chromium.button("approve").click();
        assertTrue(chromium.text(By.id("disable-dialog")).contains(burst.userName()), "the confirmation names the user");
        chromium.driver().findElement(By.id("disable-dialog-confirm")).click();
        chromium.waitForText(By.cssSelector("#disable-dialog .error"), "Say why");
        assertEquals("open", chromium.text(By.id("incident-status")), "nothing is sent without a comment");
        chromium.driver().findElement(By.id("disable-comment")).sendKeys("burst of overwrites, nobody asked for it");
        chromium.driver().findElement(By.id("disable-dialog-confirm")).click();

        chromium.waitForText(By.id("action-result"), "DocSpace reports the account disabled");
        Instant approvedAt = clock.instant();
        assertEquals("disabled", chromium.text(By.id("incident-status")));
        String history = chromium.text(By.id("history"));
        assertTrue(history.contains("approve") && history.contains("burst of overwrites, nobody asked for it"),
                history);
        assertEquals(List.of(), chromium.driver().findElements(By.cssSelector("button[data-action='approve']")));
        assertFalse(demo.portal().isActive(burst.userId()));

        run(Duration.ofMinutes(6), true);

        assertFalse(demo.portal().isActive(burst.userId()), "still disabled in the simulated portal");
        assertEquals(List.of(), byUser(portalEvents(approvedAt), burst.userId()), "the portal's audit log");
        List<AuditEntry> stored = demo.service().jdbi().onDemand(AuditEventDao.class)
                .between(approvedAt, clock.instant());
        assertEquals(List.of(), byUser(stored, burst.userId()), "the events the service stored");
        assertNotEquals(List.of(), stored, "the others went on working");
        assertTrue(demo.simulator().history().size() >= 3, "the demo went on with other scenarios");

        chromium.button("reenable").click();
        chromium.waitFor(By.id("reenable-comment")).sendKeys("restored after the cleanup");
        chromium.driver().findElement(By.id("reenable-dialog-confirm")).click();
        chromium.waitForText(By.id("action-result"), "DocSpace reports the account active");
        assertEquals("reenabled", chromium.text(By.id("incident-status")));
        assertTrue(demo.portal().isActive(burst.userId()));

        chromium.driver().findElement(By.linkText("Audit trail")).click();
        chromium.waitForText(By.id("trail"), "restored after the cleanup");
        assertTrue(chromium.text(By.id("trail")).contains("burst of overwrites, nobody asked for it"));
    }

    @Test
    void a_viewer_sees_the_demo_burst_and_its_chart_but_no_action_buttons() throws RuleLoadException {
        demo = start();
        untilFirstBurstIsWritten();
        demo.service().scanner().scan(Scanner.Trigger.API);
        chromium.logIn(demo.consoleUrl(), demo.tokens().viewer());

        chromium.waitFor(By.cssSelector("table.incidents tbody tr a")).click();
        chromium.present(By.cssSelector("#chart svg line.threshold"));

        assertEquals(List.of(), chromium.driver().findElements(By.cssSelector("[data-action]")));
        assertEquals(List.of(), chromium.driver().findElements(By.cssSelector("input.pick, #select-all, #bulk-bar")));
        assertTrue(chromium.text(By.id("who")).contains("viewer"));
        assertEquals(List.of(), chromium.driver().findElements(By.id("scan-now")));
    }

    private Demo<App> start() throws RuleLoadException {
        return Demo.start(new Demo.Options(5, ActivitySimulator.Settings.defaults(), false),
                Map.of("GUARD_HTTP_PORT", "0"), clock, App::launch);
    }

    /** Runs the simulator, without scans, until the first scenario (a burst) is fully written. */
    private ActivitySimulator.ScenarioRun untilFirstBurstIsWritten() {
        while (demo.simulator().history().isEmpty()) {
            run(STEP, false);
        }
        ActivitySimulator.ScenarioRun burst = demo.simulator().history().get(0);
        assertEquals(ActivitySimulator.Scenario.BURST, burst.scenario());
        run(Duration.between(clock.instant(), burst.end().plus(SETTLED)), false);
        assertEquals(1, demo.simulator().history().size(), "no second scenario has started yet");
        return burst;
    }

    /** The live demo's rhythm: the simulator ticks every few seconds and, if asked, the service scans every 15. */
    private void run(Duration total, boolean scanning) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(STEP)) {
            clock.advance(STEP);
            demo.simulator().tick();
            if (scanning && done.plus(STEP).toSeconds() % SCAN_EVERY.toSeconds() == 0) {
                demo.service().scanner().scan(Scanner.Trigger.API);
            }
        }
    }

    private Incident incident(String rule) {
        List<Incident> incidents = demo.service().incidents().list(IncidentFilter.all()).items().stream()
                .filter(i -> i.rule().equals(rule)).toList();
        assertEquals(1, incidents.size(), incidents.toString());
        return incidents.get(0);
    }

    private List<AuditEntry> portalEvents(Instant from) {
        HttpDocSpaceClient client = new HttpDocSpaceClient(demo.portal().baseUrl(), demo.portal().apiKey(),
                new HttpDocSpaceClient.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0,
                        Duration.ofMillis(10), Duration.ofMillis(50)));
        return new AuditFeed(client).read(from, clock.instant()).events();
    }

    private static List<AuditEntry> byUser(List<AuditEntry> events, String userId) {
        return events.stream().filter(e -> e.userId().equalsIgnoreCase(userId)).toList();
    }
}
