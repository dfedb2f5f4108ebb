package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.MutableClock;
import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.IncidentAlerts;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.FakeDocSpace;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleEngineTestRules;
import io.docspaceguard.incident.AccountProtection;
import io.docspaceguard.incident.ActionJournal;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentNotices;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.store.AuditEventDao;
import io.docspaceguard.store.Database;
import io.docspaceguard.store.InstanceRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans against the fake portal with the real rules, on H2 and PostgreSQL: what must not stop detection
 * (an event the database cannot hold, a crash mid-scan, the plan fallback) and what bounds a backfill.
 */
abstract class ScannerBehaviour {
    static final Instant NOW = Instant.parse("2025-05-14T11:00:00Z");
    static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    static final String MALLORY = "0a0a0a0a-0000-4000-8000-00000000000c";

    private final FakeDocSpace portal = new FakeDocSpace();
    private final List<InstanceRegistry.Instance> joined = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private Database database;
    private Jdbi jdbi;
    private DocSpaceClient client;
    private Scanner scanner;
    private int nextFile;

    @BeforeEach
    void setUp(Database database) throws Exception {
        this.database = database;
        this.jdbi = database.jdbi();
        portal.start();
        portal.addUser(ANNA, "Anna Keller", false, false);
        portal.addUser(MALLORY, "Mallory", false, false);
        client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(), new HttpDocSpaceClient.Settings(
                Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Duration.ofMillis(5), Duration.ofMillis(20)));
        scanner = scanner(join());
    }

    @AfterEach
    void stopPortalAndInstances() {
        portal.close();
        joined.forEach(InstanceRegistry.Instance::close);
    }

    // ---- one bad event must not stop detection -----------------------------------------------------

    @Test
    void a_user_name_holding_a_nul_character_neither_fails_the_scan_nor_hides_the_burst() {
        for (int n = 0; n < 25; n++) {
            portal.addRawEvent(rawFileUpdate(9_000 + n, NOW.minus(Duration.ofMinutes(30)).plusSeconds(5L * n),
                    MALLORY, "Mal\\u0000lory", "m-f" + n));
        }
        series(ANNA, NOW.minus(Duration.ofMinutes(20)), 25);

        ScanReport first = scanner.scan(Scanner.Trigger.API);

        assertEquals(ScanRun.OK, first.status(), first.message());
        assertEquals(50, first.eventsNew());
        assertEquals(Set.of(ANNA, MALLORY), incidentUsers());
        assertEquals("Mal\uFFFDlory", jdbi.onDemand(AuditEventDao.class).byIds(List.of(9_000L)).get(0).userName());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(ScanRun.OK, scanner.scan(Scanner.Trigger.API).status(), "the next scan goes on as well");
    }

    @Test
    void a_rule_that_blows_its_budget_fails_the_scan_naming_the_rule_and_alerts_and_scanning_goes_on(
            @TempDir Path rules) throws Exception {
        copyRules(rules);
        Files.writeString(rules.resolve("mallory.drl"), RuleEngineTestRules.MALLORY_ONLY);
        RuleEngine engine = new RuleEngine(rules, clock);
        engine.reload();
        scanner = scanner(engine, join());
        series("mallory", NOW.minus(Duration.ofMinutes(30)), 3);

        ScanReport stopped = scanner.scan(Scanner.Trigger.SCHEDULE);

        assertEquals(ScanRun.FAILED, stopped.status());
        assertTrue(stopped.message().contains("rule 'forever-for-mallory'"), stopped.message());
        assertEquals(Alert.KIND_RULES_STOPPED, alerts.get(alerts.size() - 1).kind());
        Files.delete(rules.resolve("mallory.drl"));
        engine.reload();
        ScanReport next = scanner.scan(Scanner.Trigger.SCHEDULE);
        assertEquals(ScanRun.OK, next.status(), "the window is read again once the rule is fixed");
        assertEquals(3, next.eventsRead());
    }

    // ---- crash safety -------------------------------------------------------------------------------

    @Test
    void scans_left_running_by_a_stopped_instance_are_closed_as_interrupted_and_a_live_ones_are_not() {
        InstanceRegistry.Instance crashed = join();
        InstanceRegistry.Instance other = join();
        ScanRunDao runs = jdbi.onDemand(ScanRunDao.class);
        long left = runs.start(ScanRun.started(NOW, "schedule", ScanRun.SCAN, NOW, NOW, 1), crashed.id());
        long running = runs.start(ScanRun.started(NOW, "schedule", ScanRun.SCAN, NOW, NOW, 1), other.id());
        crashed.close(); // its process was killed

        assertEquals(1, scanner.closeInterrupted());

        assertEquals(ScanRun.INTERRUPTED, runs.get(left).orElseThrow().status());
        assertTrue(runs.get(left).orElseThrow().message().contains("service stopped"));
        assertEquals(ScanRun.RUNNING, runs.get(running).orElseThrow().status());
        assertEquals(0, scanner.closeInterrupted());
    }

    // ---- plan fallback ------------------------------------------------------------------------------

    @Test
    void the_plan_fallback_is_noticed_in_steady_state_even_when_all_20_events_lie_in_the_window() {
        series(ANNA, NOW.minus(Duration.ofMinutes(30)), 5);
        assertEquals(ScanRun.OK, scanner.scan(Scanner.Trigger.SCHEDULE).status());
        Optional<Instant> checkpoint = jdbi.onDemand(CheckpointDao.class).get(Scanner.CHECKPOINT);
        clock.advance(Duration.ofMinutes(10));
        series(ANNA, NOW.plus(Duration.ofMinutes(1)), 30); // 30 events in the next window, the newest 20 too
        portal.setPlanLacksAudit(true);

        ScanReport degraded = scanner.scan(Scanner.Trigger.SCHEDULE);

        assertEquals(ScanRun.DEGRADED, degraded.status());
        assertTrue(degraded.message().contains("probe"), degraded.message());
        assertEquals(0, degraded.eventsNew());
        assertEquals(checkpoint, jdbi.onDemand(CheckpointDao.class).get(Scanner.CHECKPOINT), "checkpoint kept");
        assertEquals(5, jdbi.onDemand(AuditEventDao.class).count());

        portal.setPlanLacksAudit(false);
        ScanReport recovered = scanner.scan(Scanner.Trigger.SCHEDULE);
        assertEquals(ScanRun.OK, recovered.status());
        assertEquals(30, recovered.eventsNew(), "nothing was lost");
    }

    @Test
    void a_window_of_exactly_20_events_on_a_plan_with_audit_is_read_as_it_is() {
        series(ANNA, NOW.minus(Duration.ofMinutes(30)), 20);

        ScanReport report = scanner.scan(Scanner.Trigger.SCHEDULE);

        assertEquals(ScanRun.OK, report.status(), report.message());
        assertEquals(20, report.eventsNew());
    }

    // ---- bounded backfills --------------------------------------------------------------------------

    @Test
    void a_backfill_longer_than_docspace_keeps_or_reaching_past_now_is_refused_before_anything_runs() {
        assertThrows(IllegalArgumentException.class, () -> scanner.backfill(
                Instant.parse("1970-01-01T00:00:00Z"), NOW.minusSeconds(60), Scanner.Trigger.API));
        assertThrows(IllegalArgumentException.class, () -> scanner.backfill(
                NOW.minus(Duration.ofDays(181)), NOW.minusSeconds(60), Scanner.Trigger.API));
        assertThrows(IllegalArgumentException.class, () -> scanner.backfill(
                NOW.minusSeconds(600), NOW.plusSeconds(600), Scanner.Trigger.API));

        assertEquals(List.of(), scanner.recent(10, null));
        assertEquals(0, portal.auditRequests());
    }

    @Test
    void a_running_backfill_shows_its_progress_never_holds_up_regular_scans_and_stops_when_cancelled()
            throws Exception {
        portal.delayNext(Duration.ofMillis(250), 200);
        Instant from = NOW.minus(Duration.ofHours(24));
        CompletableFuture<ScanReport> backfill = CompletableFuture.supplyAsync(
                () -> scanner.backfill(from, NOW.minus(Duration.ofHours(12)), Scanner.Trigger.API));
        ScanRun running = awaitProgress(2);
        assertEquals(ScanRun.BACKFILL, running.kind());
        assertEquals(12, running.chunksTotal());

        ScanReport regular = scanner.scan(Scanner.Trigger.SCHEDULE);
        assertEquals(ScanRun.OK, regular.status(), "a regular scan runs while the backfill does");
        assertTrue(!backfill.isDone(), "the backfill is still running");
        assertThrows(ScanConflictException.class,
                () -> scanner.backfill(from, NOW.minus(Duration.ofHours(20)), Scanner.Trigger.API));

        scanner.cancel(running.id(), "rick");
        ScanReport cancelled = backfill.get(30, TimeUnit.SECONDS);

        assertEquals(ScanRun.CANCELLED, cancelled.status());
        assertTrue(cancelled.message().startsWith("cancelled by rick after "), cancelled.message());
        ScanRun finished = scanner.get(running.id()).orElseThrow();
        assertTrue(finished.chunksDone() < 12, "stopped early: " + finished.chunksDone());
        assertThrows(ScanConflictException.class, () -> scanner.cancel(running.id(), "rick"));
        assertThrows(ScanNotFoundException.class, () -> scanner.cancel(999_999, "rick"));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Registers an instance for the test; every one is closed after it (on PostgreSQL each holds a session). */
    private InstanceRegistry.Instance join() {
        InstanceRegistry.Instance instance = database.instances().join();
        joined.add(instance);
        return instance;
    }

    private Scanner scanner(InstanceRegistry.Instance self) throws Exception {
        RuleEngine engine = new RuleEngine(Path.of("rules"), clock);
        engine.reload();
        return scanner(engine, self);
    }

    private Scanner scanner(RuleEngine engine, InstanceRegistry.Instance self) {
        IncidentNotices notices = new IncidentAlerts(alerts::add);
        AccountProtection protection = new AccountProtection(client, Set.of());
        ActionJournal journal = new ActionJournal(jdbi, client, notices, false, database.instances(), self, clock);
        AutoDisablePolicy autoDisable = new AutoDisablePolicy(jdbi, journal, protection, notices,
                new AutoDisablePolicy.Settings(5, Duration.ZERO), clock);
        Detector detector = new Detector(jdbi, engine, new IncidentService(jdbi, clock), autoDisable, alerts::add,
                Duration.ofHours(1), new ContainerSizes(client, clock), protection::isServiceAccount, new DetectionLatency(clock), clock);
        Scanner.Settings settings = new Scanner.Settings(Duration.ofMinutes(5), Duration.ofMinutes(2),
                Duration.ofHours(1), Duration.ofHours(1));
        return new Scanner(new AuditFeed(client), jdbi, detector, alerts::add, settings, database.instances(), self,
                clock);
    }

    /**
     * {@code count} file changes of {@code user} on distinct files, ten seconds apart. File ids are short, so
     * the action texts stay under the length /events/last cuts them to: only the probe can tell the fallback.
     */
    private void series(String user, Instant start, int count) {
        for (int n = 0; n < count; n++) {
            portal.addEvent(start.plusSeconds(10L * n), user, 5002, "f" + nextFile++);
        }
    }

    private static void copyRules(Path target) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }

    /** An audit event as DocSpace would send it, with {@code jsonName} written into the JSON as it is. */
    private static String rawFileUpdate(long id, Instant at, String userId, String jsonName, String fileId) {
        return "{\"id\":" + id + ",\"date\":\"" + at + "\",\"user\":\"" + jsonName + "\",\"userId\":\"" + userId
                + "\",\"action\":\"File updated\",\"actionId\":5034,\"entries\":[1],\"target\":[\"" + fileId + "\"]}";
    }

    private Set<String> incidentUsers() {
        return new java.util.HashSet<>(new IncidentService(jdbi, clock)
                .list(new IncidentFilter(null, null, null, null, null, 100, null)).items().stream()
                .map(i -> i.userId()).toList());
    }

    private ScanRun awaitProgress(int chunks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ScanRun> run = scanner.recent(1, null).stream().findFirst();
            if (run.isPresent() && run.get().chunksDone() >= chunks) {
                return run.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the backfill never reached " + chunks + " chunks");
    }
}
