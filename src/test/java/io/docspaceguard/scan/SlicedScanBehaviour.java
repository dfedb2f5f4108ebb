package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.MutableClock;
import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.IncidentAlerts;
import io.docspaceguard.demo.PortalLimiter;
import io.docspaceguard.demo.PortalUser;
import io.docspaceguard.demo.SimulatedPortal;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.AuditPage;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.docspace.RequestBudget;
import io.docspaceguard.docspace.UnsupportedDocSpace;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.incident.AccountProtection;
import io.docspaceguard.incident.ActionJournal;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentNotices;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.store.AuditEventDao;
import io.docspaceguard.store.Database;
import io.docspaceguard.store.EventStore;
import io.docspaceguard.store.InstanceRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long windows read in slices several at once, against the simulated portal over HTTP with the real rules, on H2
 * and PostgreSQL: slice edges, checkpoint contiguity, resuming, and DocSpace's rate limiter.
 */
abstract class SlicedScanBehaviour {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant FROM = NOW.minus(Duration.ofHours(8));
    static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    static final String MALLORY = "0a0a0a0a-0000-4000-8000-00000000000c";
    static final int FILE_READ = 5064;
    static final int FILE_UPDATED = 5002;

    private final MutableClock clock = new MutableClock(NOW);
    private final SimulatedPortal portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE);
    private final List<InstanceRegistry.Instance> joined = new ArrayList<>();
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    /** Runs before each audit request the scanner makes, with its window's start. */
    private volatile Consumer<Instant> beforeRead = from -> { };
    private Database database;
    private Jdbi jdbi;
    private HttpDocSpaceClient client;
    private int nextFile;

    @BeforeEach
    void setUp(Database database) {
        this.database = database;
        this.jdbi = database.jdbi();
        portal.start(0);
        PortalUser.Device device = new PortalUser.Device("203.0.113.9", "Germany", "Berlin", "Chrome 124", "Windows 10");
        portal.addUser(new PortalUser(ANNA, "Anna", "Keller", false, false, false, Person.ACTIVE, device));
        portal.addUser(new PortalUser(MALLORY, "Mallory", "Mole", false, false, false, Person.ACTIVE, device));
        client = client(RequestBudget.unlimited());
    }

    @AfterEach
    void stop() {
        portal.close();
        joined.forEach(InstanceRegistry.Instance::close);
    }

    // ---- slicing ------------------------------------------------------------------------------------

    @Test
    void a_backfill_read_in_slices_at_once_stores_and_counts_every_event_once_even_on_the_slice_edges() throws Exception {
        int written = 0;
        for (int hour = 0; hour < 4; hour++) {
            written += spread(ANNA, FROM.plus(Duration.ofHours(hour)).plusSeconds(90), 150, 20);
            // On the edge second itself, which both neighbouring slices read.
            written += spread(ANNA, FROM.plus(Duration.ofHours(hour + 1)), 3, 0);
        }
        // A burst across the edge of the first two slices: it is one burst, found once.
        written += spread(MALLORY, FROM.plus(Duration.ofMinutes(55)), 25, 20, FILE_UPDATED);

        ScanReport report = scanner(4).backfill(FROM, FROM.plus(Duration.ofHours(4)), Scanner.Trigger.API);

        assertEquals(ScanRun.OK, report.status(), report.message());
        assertEquals(written, report.eventsRead(), "each event counted once, the edge ones too");
        assertEquals(written, report.eventsNew());
        assertEquals(written, jdbi.onDemand(AuditEventDao.class).count());
        assertEquals(Set.of(MALLORY + " bulk-file-changes"), incidents());
        ScanRun run = lastRun();
        assertEquals(4, run.chunksDone());
        assertEquals(FROM.plus(Duration.ofHours(4)), run.doneUntil());
    }

    @Test
    void a_catching_up_scan_moves_the_checkpoint_only_over_the_slices_before_one_that_failed() throws Exception {
        jdbi.onDemand(CheckpointDao.class).set(Scanner.CHECKPOINT, NOW.minus(Duration.ofHours(5)));
        Instant from = NOW.minus(Duration.ofHours(5)).minus(Duration.ofMinutes(5));
        Instant failing = from.plus(Duration.ofHours(2));
        int written = spread(ANNA, from.plusSeconds(30), 5 * 60, 60);
        beforeRead = start -> {
            if (start.equals(failing)) {
                throw new DocSpaceException(500, "the third slice fails");
            }
        };
        Scanner scanner = scanner(4);

        ScanReport failed = scanner.scan(Scanner.Trigger.SCHEDULE);

        assertEquals(ScanRun.FAILED, failed.status());
        assertEquals(Optional.of(failing), jdbi.onDemand(CheckpointDao.class).get(Scanner.CHECKPOINT),
                "the checkpoint ends where the failed slice starts, whatever the later slices did");
        assertTrue(jdbi.onDemand(AuditEventDao.class).between(failing.plusSeconds(1), NOW).isEmpty(),
                "nothing after the failed slice was stored");

        beforeRead = start -> { };
        ScanReport next = scanner.scan(Scanner.Trigger.SCHEDULE);
        assertEquals(ScanRun.OK, next.status(), next.message());
        assertEquals(written, jdbi.onDemand(AuditEventDao.class).count(), "nothing lost");
        assertEquals(Optional.of(NOW.minus(Duration.ofMinutes(2))),
                jdbi.onDemand(CheckpointDao.class).get(Scanner.CHECKPOINT));
    }

    // ---- cancelling and resuming --------------------------------------------------------------------

    @Test
    void a_cancelled_backfill_resumes_from_its_last_contiguous_slice_and_finishes_the_window() throws Exception {
        int written = spread(ANNA, FROM.plusSeconds(30), 6 * 60, 60);
        Scanner scanner = scanner(1);
        Instant third = FROM.plus(Duration.ofHours(2));
        beforeRead = start -> {
            if (start.equals(third)) {
                scanner.cancel(lastRun().id(), "rick");
            }
        };

        ScanReport cancelled = scanner.backfill(FROM, FROM.plus(Duration.ofHours(6)), Scanner.Trigger.API);

        assertEquals(ScanRun.CANCELLED, cancelled.status());
        ScanRun stopped = scanner.get(cancelled.runId()).orElseThrow();
        assertTrue(stopped.resumable());
        assertTrue(stopped.doneUntil() == null || !stopped.doneUntil().isAfter(third), "" + stopped.doneUntil());
        beforeRead = start -> { };

        ScanReport resumed = scanner.resume(cancelled.runId(), Scanner.Trigger.API);

        assertEquals(ScanRun.OK, resumed.status(), resumed.message());
        assertTrue(resumed.message().startsWith("resumes scan " + cancelled.runId()), resumed.message());
        assertEquals(stopped.doneUntil() == null ? FROM : stopped.doneUntil(), resumed.from());
        assertEquals(written, jdbi.onDemand(AuditEventDao.class).count());
        assertThrows(ScanConflictException.class, () -> scanner.resume(cancelled.runId(), Scanner.Trigger.API),
                "resumed once only");
        assertThrows(ScanConflictException.class, () -> scanner.resume(resumed.runId(), Scanner.Trigger.API),
                "a finished backfill has nothing left");
        assertThrows(ScanNotFoundException.class, () -> scanner.resume(999_999, Scanner.Trigger.API));
    }

    @Test
    void a_backfill_interrupted_by_a_restart_continues_from_where_it_had_come() throws Exception {
        int written = spread(ANNA, FROM.plusSeconds(30), 4 * 60, 60);
        InstanceRegistry.Instance crashed = join();
        ScanRunDao runs = jdbi.onDemand(ScanRunDao.class);
        long left = runs.start(ScanRun.started(NOW, "api", ScanRun.BACKFILL, FROM, FROM.plus(Duration.ofHours(4)), 4),
                crashed.id());
        runs.progress(left, 2, FROM.plus(Duration.ofHours(2)), new ScanRun.Counts(120, 120, 0, 0, 0));
        crashed.close(); // the process was killed
        Scanner scanner = scanner(4);
        assertEquals(1, scanner.closeInterrupted());

        ScanReport resumed = scanner.resume(left, Scanner.Trigger.API);

        assertEquals(ScanRun.OK, resumed.status(), resumed.message());
        assertEquals(FROM.plus(Duration.ofHours(2)), resumed.from());
        assertEquals(written / 2, resumed.eventsRead(), "only the half not done is read again");
    }

    // ---- evaluating chunk after chunk ---------------------------------------------------------------

    @Test
    void a_backfill_finds_a_burst_whose_start_was_stored_before_its_window() throws Exception {
        // 25 changes 20 s apart from four minutes before the window: 13 up to its start (both bounds are inclusive),
        // 12 after; the limit is 20.
        spread(MALLORY, FROM.minus(Duration.ofMinutes(4)), 25, 20, FILE_UPDATED);
        Scanner scanner = scanner(4);
        assertEquals(0, scanner.backfill(FROM.minus(Duration.ofHours(1)), FROM, Scanner.Trigger.API)
                .incidentsOpened(), "13 changes are below the limit");

        ScanReport report = scanner.backfill(FROM, FROM.plus(Duration.ofHours(4)), Scanner.Trigger.API);

        assertEquals(12, report.eventsNew());
        assertEquals(1, report.incidentsOpened(), "the stored start and the new end are one burst");
        assertEquals(Set.of(MALLORY + " bulk-file-changes"), incidents());
    }

    @Test
    void a_backfill_finds_a_burst_that_goes_on_into_events_stored_after_its_window() throws Exception {
        Instant end = FROM.plus(Duration.ofHours(4));
        spread(MALLORY, end.minus(Duration.ofMinutes(4)), 25, 20, FILE_UPDATED);
        Scanner scanner = scanner(4);
        assertEquals(0, scanner.backfill(end, end.plus(Duration.ofHours(1)), Scanner.Trigger.API).incidentsOpened());

        ScanReport report = scanner.backfill(FROM, end, Scanner.Trigger.API);

        assertEquals(1, report.incidentsOpened(), "the new start and the stored end are one burst");
        assertEquals(25, new IncidentService(jdbi, clock).list(new IncidentFilter(null, null, null, null, null, 10,
                null)).items().get(0).fileCount());
    }

    @Test
    void a_backfill_over_a_window_read_before_opens_and_extends_nothing() throws Exception {
        spread(ANNA, FROM.plusSeconds(90), 4 * 60, 60);
        spread(MALLORY, FROM.plus(Duration.ofMinutes(55)), 25, 20, FILE_UPDATED);
        Scanner scanner = scanner(4);
        assertEquals(1, scanner.backfill(FROM, FROM.plus(Duration.ofHours(4)), Scanner.Trigger.API).incidentsOpened());

        ScanReport again = scanner.backfill(FROM, FROM.plus(Duration.ofHours(4)), Scanner.Trigger.API);

        assertEquals(ScanRun.OK, again.status(), again.message());
        assertEquals(0, again.eventsNew());
        assertEquals(0, again.incidentsOpened());
        assertEquals(0, again.incidentsExtended());
    }

    @Test
    void events_a_stopped_scan_stored_but_never_judged_are_judged_by_the_next_regular_scan() throws Exception {
        Instant checkpoint = NOW.minus(Duration.ofMinutes(10));
        jdbi.onDemand(CheckpointDao.class).set(Scanner.CHECKPOINT, checkpoint);
        spread(MALLORY, checkpoint.plusSeconds(30), 25, 10, FILE_UPDATED);
        // A scan stored the burst and stopped before judging it: the checkpoint stayed where it was.
        new EventStore(jdbi).store(new AuditFeed(watched()).read(checkpoint, NOW).events());

        ScanReport next = scanner(4).scan(Scanner.Trigger.SCHEDULE);

        assertEquals(0, next.eventsNew(), "nothing is new");
        assertEquals(1, next.incidentsOpened(), "but nothing after the checkpoint was judged yet");
    }

    @Test
    void renewed_rule_sessions_carry_a_burst_across_the_renewal() throws Exception {
        List<AuditEntry> burst = new ArrayList<>();
        for (int n = 0; n < 25; n++) {
            burst.add(new AuditEntry(9_000 + n, FROM.plusSeconds(20L * n), MALLORY, "Mallory Mole", FILE_UPDATED,
                    "File updated: f" + n + ".docx", List.of(1), List.of("f" + n), null));
        }
        new EventStore(jdbi).store(burst);
        FindingRecorder.Outcome outcome = FindingRecorder.Outcome.NONE;

        // Renewed every 2 minutes of event time: four times within the eight-minute burst, six changes apart.
        try (ChunkedEvaluation evaluation = detector(watched(), join()).chunked(FROM, Duration.ofMinutes(2))) {
            for (int n = 0; n < burst.size(); n += 5) {
                outcome = outcome.plus(evaluation.next(burst.subList(n, Math.min(burst.size(), n + 5))));
            }
        }

        assertEquals(1, outcome.opened(), "the new sessions start on the burst so far");
        assertEquals(25, new IncidentService(jdbi, clock).list(new IncidentFilter(null, null, null, null, null, 10,
                null)).items().get(0).fileCount());
    }

    // ---- DocSpace's rate limiter --------------------------------------------------------------------

    @Test
    void a_portal_turning_requests_away_slows_the_backfill_down_without_failing_it() throws Exception {
        int written = spread(ANNA, FROM.plusSeconds(30), 300, 40);
        // About 8 requests, four slices read at once, against 2 per 3 s and one GET at a time: met unless every request
        // takes 1.5 s, however busy the machine.
        PortalLimiter limiter = portal.limit(new PortalLimiter.Settings(2, Duration.ofSeconds(3), 1));

        ScanReport report = scanner(6).backfill(FROM, FROM.plus(Duration.ofHours(4)), Scanner.Trigger.API);

        assertEquals(ScanRun.OK, report.status(), report.message());
        assertEquals(written, report.eventsNew());
        assertTrue(limiter.turnedAway() > 0, "the portal's limiter was met, and waited for");
        assertTrue(limiter.mostGetsInFlight() <= 1);
    }

    @Test
    void a_budget_below_the_portals_limit_is_never_turned_away() throws Exception {
        int written = spread(ANNA, FROM.plusSeconds(30), 1_200, 10);
        PortalLimiter limiter = portal.limit(new PortalLimiter.Settings(10, Duration.ofSeconds(2), 50));
        client = client(RequestBudget.of(6, Duration.ofSeconds(2), 1, Clock.systemUTC()));

        ScanReport report = scanner(4).backfill(FROM, FROM.plus(Duration.ofHours(4)), Scanner.Trigger.API);

        assertEquals(ScanRun.OK, report.status(), report.message());
        assertEquals(written, report.eventsNew());
        assertEquals(0, limiter.turnedAway());
    }

    @Test
    void account_calls_go_through_while_a_backfill_spends_its_share_of_the_budget() throws Exception {
        spread(ANNA, FROM.plusSeconds(30), 2_000, 7);
        // 20 requests a second in all, a quarter for backfills: its ~25 pages take about five seconds.
        client = client(RequestBudget.of(20, Duration.ofSeconds(1), 0.25, Clock.systemUTC()));
        Scanner scanner = scanner(4);
        CompletableFuture<ScanReport> backfill = CompletableFuture.supplyAsync(
                () -> scanner.backfill(FROM, FROM.plus(Duration.ofHours(4)), Scanner.Trigger.API));
        awaitRunning();

        for (int n = 0; n < 3; n++) {
            assertEquals(SimulatedPortal.SERVICE_ACCOUNT_ID, client.self().id());
        }

        assertFalse(backfill.isDone(), "the account calls did not wait for the backfill");
        assertEquals(ScanRun.OK, backfill.get(60, TimeUnit.SECONDS).status());
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private HttpDocSpaceClient client(RequestBudget budget) {
        return new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(), new HttpDocSpaceClient.Settings(
                Duration.ofSeconds(2), Duration.ofSeconds(10), 2, Duration.ofMillis(50), Duration.ofSeconds(3)), budget);
    }

    /** Audit reads go through {@link #beforeRead}; everything else straight to the portal. */
    private DocSpaceClient watched() {
        HttpDocSpaceClient http = client;
        return new UnsupportedDocSpace() {
            @Override
            public AuditPage auditEvents(Instant from, Instant to, int startIndex, int count) {
                beforeRead.accept(from);
                return http.auditEvents(from, to, startIndex, count);
            }

            @Override
            public Person self() {
                return http.self();
            }

            @Override
            public Person person(String userId) {
                return http.person(userId);
            }

            @Override
            public DocSpaceClient forBulk() {
                DocSpaceClient bulk = http.forBulk();
                return new UnsupportedDocSpace() {
                    @Override
                    public AuditPage auditEvents(Instant from, Instant to, int startIndex, int count) {
                        beforeRead.accept(from);
                        return bulk.auditEvents(from, to, startIndex, count);
                    }
                };
            }
        };
    }

    private Scanner scanner(int concurrency) throws Exception {
        InstanceRegistry.Instance self = join();
        DocSpaceClient docSpace = watched();
        Scanner.Settings settings = new Scanner.Settings(Duration.ofMinutes(5), Duration.ofMinutes(2),
                Duration.ofHours(1), Duration.ofHours(1), concurrency);
        return new Scanner(new AuditFeed(docSpace), jdbi, detector(docSpace, self), alerts::add, settings,
                database.instances(), self, clock);
    }

    private Detector detector(DocSpaceClient docSpace, InstanceRegistry.Instance self) throws Exception {
        RuleEngine engine = new RuleEngine(Path.of("rules"), clock);
        engine.reload();
        IncidentNotices notices = new IncidentAlerts(alerts::add);
        AccountProtection protection = new AccountProtection(docSpace, Set.of());
        ActionJournal journal = new ActionJournal(jdbi, docSpace, notices, false, database.instances(), self, clock);
        AutoDisablePolicy autoDisable = new AutoDisablePolicy(jdbi, journal, protection, notices,
                new AutoDisablePolicy.Settings(5, Duration.ZERO), clock);
        return new Detector(jdbi, engine, new IncidentService(jdbi, clock), autoDisable, alerts::add,
                Duration.ofHours(1), new ContainerSizes(docSpace, clock), protection::isServiceAccount,
                new DetectionLatency(clock), clock);
    }

    private InstanceRegistry.Instance join() {
        InstanceRegistry.Instance instance = database.instances().join();
        joined.add(instance);
        return instance;
    }

    /** {@code count} reads of distinct files by {@code user}, {@code gapSeconds} apart: no rule counts them. */
    private int spread(String user, Instant start, int count, int gapSeconds) {
        return spread(user, start, count, gapSeconds, FILE_READ);
    }

    /** {@code count} events of {@code user} on distinct files, {@code gapSeconds} apart; returns the count. */
    private int spread(String user, Instant start, int count, int gapSeconds, int actionId) {
        for (int n = 0; n < count; n++) {
            portal.write(new SimulatedPortal.Write(start.plusSeconds((long) gapSeconds * n), null, user, actionId,
                    "f" + nextFile++, "report.docx", "Rooms: Finance"));
        }
        return count;
    }

    private ScanRun lastRun() {
        return jdbi.onDemand(ScanRunDao.class).recent(1, null).get(0);
    }

    private Set<String> incidents() {
        return new IncidentService(jdbi, clock).list(new IncidentFilter(null, null, null, null, null, 100, null))
                .items().stream().map(i -> i.userId() + " " + i.rule()).collect(Collectors.toSet());
    }

    private void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<ScanRun> runs = jdbi.onDemand(ScanRunDao.class).recent(1, null);
            if (!runs.isEmpty() && runs.get(0).status().equals(ScanRun.RUNNING)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the backfill never started");
    }
}
