package io.docspaceguard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.MutableClock;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleLoadException;
import io.docspaceguard.facts.Finding;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's activity, read back through the production client and run through the shipped rules:
 * each scenario opens what it is meant to and nothing else, background work included.
 */
class ActivitySimulatorTest {
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(5);
    private static RuleEngine engine;

    private final MutableClock clock = new MutableClock(T0);
    private SimulatedPortal portal;
    private HttpDocSpaceClient client;

    @BeforeAll
    static void loadRules() throws RuleLoadException {
        engine = new RuleEngine(Path.of("rules"), Clock.systemUTC());
        engine.reload();
    }

    @AfterEach
    void stopPortal() {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void a_burst_opens_a_bulk_file_changes_and_a_ransomware_names_finding_for_its_actor_and_no_other() {
        ActivitySimulator simulator = simulator(7, manual());
        run(simulator, Duration.ofMinutes(5));

        ActivitySimulator.ScenarioRun burst = simulator.start(ActivitySimulator.Scenario.BURST);
        run(simulator, Duration.ofMinutes(6));
        List<Finding> findings = findings();

        assertNotNull(burst);
        assertTrue(burst.files() >= 25 && burst.files() <= 40, "files: " + burst.files());
        // The burst renames some files to *.locked, as encryption malware does: that is a ransomware sign too.
        assertEquals(List.of("bulk-file-changes", "ransomware-names"),
                findings.stream().map(Finding::rule).sorted().toList(), findings.toString());
        assertTrue(findings.stream().allMatch(f -> f.userId().equals(burst.userId())));
        Finding changes = findings.stream().filter(f -> f.rule().equals("bulk-file-changes")).findFirst().orElseThrow();
        assertEquals(burst.files(), changes.fileIds().size());
    }

    @Test
    void a_mass_deletion_opens_one_mass_deletion_finding_and_no_bulk_change() {
        ActivitySimulator simulator = simulator(8, manual());
        run(simulator, Duration.ofMinutes(5));

        ActivitySimulator.ScenarioRun deletion = simulator.start(ActivitySimulator.Scenario.MASS_DELETION);
        run(simulator, Duration.ofMinutes(6));
        List<Finding> findings = findings();

        assertTrue(deletion.files() >= 12 && deletion.files() <= 20, "files: " + deletion.files());
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("mass-deletion", findings.get(0).rule());
        assertEquals(deletion.userId(), findings.get(0).userId());
    }

    @Test
    void a_downloader_opens_one_mass_download_finding() {
        ActivitySimulator simulator = simulator(9, manual());
        run(simulator, Duration.ofMinutes(5));

        ActivitySimulator.ScenarioRun downloader = simulator.start(ActivitySimulator.Scenario.DOWNLOADER);
        run(simulator, Duration.ofMinutes(6));
        List<Finding> findings = findings();

        assertTrue(downloader.files() >= 55 && downloader.files() <= 70, "files: " + downloader.files());
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("mass-download", findings.get(0).rule());
        assertEquals(downloader.userId(), findings.get(0).userId());
    }

    @Test
    void a_re_saver_saving_three_files_forty_times_opens_nothing() {
        ActivitySimulator simulator = simulator(10, manual());
        run(simulator, Duration.ofMinutes(5));

        ActivitySimulator.ScenarioRun saver = simulator.start(ActivitySimulator.Scenario.RE_SAVER);
        run(simulator, Duration.ofMinutes(6));
        List<AuditEntry> saves = events().stream()
                .filter(e -> e.userId().equals(saver.userId()) && !e.at().isBefore(saver.start())).toList();

        assertEquals(40, saves.size());
        assertTrue(saves.stream().allMatch(e -> e.actionId() == Actions.USER_FILE_UPDATED));
        assertEquals(3, saves.stream().map(e -> e.target().get(0)).distinct().count());
        assertEquals(List.of(), findings());
    }

    @Test
    void a_disabled_account_stops_producing_events_in_the_middle_of_its_burst() {
        ActivitySimulator simulator = simulator(11, manual());
        run(simulator, Duration.ofMinutes(2));
        ActivitySimulator.ScenarioRun burst = simulator.start(ActivitySimulator.Scenario.BURST);
        run(simulator, Duration.ofSeconds(30));

        client.setStatus(burst.userId(), Person.DISABLED);
        Instant disabledAt = clock.instant();
        run(simulator, Duration.ofMinutes(15));
        List<AuditEntry> own = events().stream().filter(e -> e.userId().equals(burst.userId())).toList();

        assertTrue(own.stream().anyMatch(e -> e.at().isAfter(burst.start())), "the burst had begun");
        assertTrue(own.stream().noneMatch(e -> e.at().isAfter(disabledAt)), "events after disabling: " + own);
        assertTrue(own.stream().map(e -> e.target().get(0)).distinct().count() < burst.files());
    }

    @Test
    void left_alone_it_cycles_burst_mass_deletion_downloader_re_saver_on_schedule() {
        ActivitySimulator simulator = simulator(12, new ActivitySimulator.Settings(Duration.ofMinutes(3),
                Duration.ofSeconds(30), Duration.ofSeconds(6), Duration.ofSeconds(20)));
        run(simulator, Duration.ofMinutes(13));

        List<ActivitySimulator.ScenarioRun> history = simulator.history();

        assertEquals(List.of("burst", "mass-deletion", "downloader", "re-saver", "burst"),
                history.stream().map(run -> run.scenario().label()).toList());
        assertEquals(T0.plusSeconds(30), history.get(0).start());
        assertEquals(T0.plusSeconds(210), history.get(1).start());
        // Four different people; every rule fires once for its own actor (the burst's *.locked renames are
        // ransomware signs too), the re-saver's for none.
        assertEquals(4, history.stream().limit(4).map(ActivitySimulator.ScenarioRun::userId).distinct().count());
        assertEquals(List.of("bulk-file-changes:" + history.get(0).userId(),
                "mass-deletion:" + history.get(1).userId(), "mass-download:" + history.get(2).userId(),
                "ransomware-names:" + history.get(0).userId()),
                findings().stream()
                .filter(f -> f.windowStart() < T0.plus(Duration.ofMinutes(12)).toEpochMilli())
                .map(f -> f.rule() + ":" + f.userId()).sorted().toList());
    }

    @Test
    void ordinary_work_comes_from_many_named_people_at_a_human_rate() {
        ActivitySimulator simulator = simulator(13, manual());
        run(simulator, Duration.ofMinutes(30));

        List<AuditEntry> events = events();
        int people = events.stream().map(AuditEntry::userId).collect(Collectors.toSet()).size();

        // About ten actions a minute across the portal, nobody far beyond a few a minute.
        assertTrue(events.size() > 150 && events.size() < 500, "events: " + events.size());
        assertTrue(people >= 20, "people: " + people);
        assertTrue(events.stream().allMatch(e -> e.userName().contains(" ")), "display names");
        assertEquals(List.of(), findings());
    }

    @Test
    void the_same_seed_and_clock_give_the_same_activity() {
        List<String> first = activity(21);
        portal.close();
        List<String> second = activity(21);

        assertTrue(first.size() > 50);
        assertEquals(first, second);
    }

    private List<String> activity(long seed) {
        clock.set(T0);
        ActivitySimulator simulator = simulator(seed, manual());
        run(simulator, Duration.ofMinutes(5));
        simulator.start(ActivitySimulator.Scenario.BURST);
        run(simulator, Duration.ofMinutes(3));
        return events().stream().map(AuditEntry::raw).toList();
    }

    private static ActivitySimulator.Settings manual() {
        return new ActivitySimulator.Settings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(6),
                Duration.ofSeconds(20));
    }

    private ActivitySimulator simulator(long seed, ActivitySimulator.Settings settings) {
        portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE).start(0);
        client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(), new HttpDocSpaceClient.Settings(
                Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(10), Duration.ofMillis(50)));
        return new ActivitySimulator(portal, clock, seed, settings);
    }

    /** Moves the clock in small steps, ticking as the live demo does every second. */
    private void run(ActivitySimulator simulator, Duration total) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(STEP)) {
            clock.advance(STEP);
            simulator.tick();
        }
    }

    /** Everything the portal holds from T0 on, late rows included, after waiting out their lateness. */
    private List<AuditEntry> events() {
        clock.advance(Duration.ofSeconds(30));
        AuditFeed.FeedResult read = new AuditFeed(client).read(T0, clock.instant());
        assertTrue(!read.degraded() && read.rejected().isEmpty(), read.toString());
        return read.events().stream().filter(e -> e.actionId() < 6000 && e.actionId() >= 5000).toList();
    }

    private List<Finding> findings() {
        return engine.evaluate(events().stream().map(AuditEntry::toFact).toList());
    }
}
