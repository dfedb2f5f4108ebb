package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.MutableClock;
import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.IncidentAlerts;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.Deliveries;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.FakeDocSpace;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.docspace.WebhookDelivery;
import io.docspaceguard.docspace.WebhookTriggers;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.incident.AccountProtection;
import io.docspaceguard.incident.ActionJournal;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentDao;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentNotices;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.store.Database;
import io.docspaceguard.store.InstanceRegistry;
import io.docspaceguard.store.PushedEventDao;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Activity pushed through DocSpace's webhook, evaluated at once by the scanner's detector, on H2 and PostgreSQL:
 * replays change nothing, and the audit rows of the same actions, read later by the poll, never count twice.
 */
abstract class WebhookReceiverBehaviour {
    static final Instant NOW = Instant.parse("2025-05-14T11:00:00Z");
    static final Instant BURST = Instant.parse("2025-05-14T10:10:00Z");
    static final String MALLORY = "0a0a0a0a-0000-4000-8000-00000000000c";

    private final FakeDocSpace portal = new FakeDocSpace();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private InstanceRegistry.Instance self;
    private Jdbi jdbi;
    private Scanner scanner;
    private WebhookReceiver receiver;

    @BeforeEach
    void setUp(Database database) throws Exception {
        jdbi = database.jdbi();
        portal.start();
        portal.addUser(MALLORY, "Mallory", false, false);
        DocSpaceClient client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(),
                new HttpDocSpaceClient.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Duration.ofMillis(5),
                        Duration.ofMillis(20)));
        RuleEngine engine = new RuleEngine(Path.of("rules"), clock);
        engine.reload();
        self = database.instances().join();
        IncidentNotices notices = new IncidentAlerts(alerts::add);
        AccountProtection protection = new AccountProtection(client, Set.of());
        ActionJournal journal = new ActionJournal(jdbi, client, notices, false, database.instances(), self, clock);
        AutoDisablePolicy autoDisable = new AutoDisablePolicy(jdbi, journal, protection, notices,
                new AutoDisablePolicy.Settings(5, Duration.ZERO), clock);
        Detector detector = new Detector(jdbi, engine, new IncidentService(jdbi, clock), autoDisable, alerts::add,
                Duration.ofHours(1), new ContainerSizes(client, clock), protection::isServiceAccount, new DetectionLatency(clock), clock);
        scanner = new Scanner(new AuditFeed(client), jdbi, detector, alerts::add, new Scanner.Settings(
                Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofHours(1)),
                database.instances(), self, clock);
        receiver = new WebhookReceiver(jdbi, detector, engine, clock);
    }

    @AfterEach
    void stop() {
        portal.close();
        self.close();
    }

    @Test
    void the_delivery_that_crosses_a_rules_limit_opens_the_incident_at_once() throws Exception {
        for (int n = 0; n < 20; n++) {
            assertEquals(new WebhookReceiver.Receipt(WebhookReceiver.Result.EVALUATED, 0, 0), push(n, "file.updated"));
        }

        WebhookReceiver.Receipt receipt = push(20, "file.updated");

        assertEquals(new WebhookReceiver.Receipt(WebhookReceiver.Result.EVALUATED, 1, 0), receipt);
        Incident incident = only("bulk-file-changes");
        assertEquals(21, incident.fileCount());
        assertEquals(MALLORY, incident.userId());
        assertEquals(1, alerts.size(), "announced like an incident the poll opens");
    }

    @Test
    void a_replayed_delivery_is_stored_once_and_changes_nothing() throws Exception {
        for (int n = 0; n < 21; n++) {
            push(n, "file.updated");
        }
        Incident before = only("bulk-file-changes");
        int trail = trailOf(before);

        WebhookReceiver.Receipt replay = push(20, "file.updated");

        assertEquals(new WebhookReceiver.Receipt(WebhookReceiver.Result.REPLAYED, 0, 0), replay);
        assertEquals(21, jdbi.onDemand(PushedEventDao.class).count());
        assertEquals(before, only("bulk-file-changes"));
        assertEquals(trail, trailOf(before));
        assertEquals(1, alerts.size());
    }

    @Test
    void the_audit_rows_of_pushed_actions_extend_the_incident_without_counting_a_file_twice() throws Exception {
        for (int n = 0; n < 25; n++) {
            push(n, "file.updated");
            portal.addEvent(BURST.plusSeconds(10L * n + 3), MALLORY, 5034, file(n)); // the editor save behind it
        }
        Incident pushed = only("bulk-file-changes");

        ScanReport report = scanner.scan(Scanner.Trigger.API);

        assertEquals(25, report.eventsNew());
        assertEquals(0, report.incidentsOpened());
        Incident polled = only("bulk-file-changes");
        assertEquals(pushed.id(), polled.id());
        assertEquals(25, polled.fileCount());
        List<Long> events = jdbi.withExtension(IncidentDao.class, dao -> dao.eventIds(polled.id()));
        assertEquals(25, events.stream().filter(id -> id < 0).count(), "the pushed evidence stays linked");
        assertEquals(25, events.stream().filter(id -> id > 0).count(), "the audit rows joined it");
    }

    @Test
    void pushed_trashes_open_mass_deletion_and_their_audit_rows_do_not_count_them_again() throws Exception {
        for (int n = 0; n < 11; n++) {
            push(n, "file.trashed");
            portal.addEvent(BURST.plusSeconds(10L * n + 1), MALLORY, 5017, file(n));
        }
        assertEquals(11, only("mass-deletion").fileCount());

        scanner.scan(Scanner.Trigger.API);

        assertEquals(11, only("mass-deletion").fileCount());
        assertEquals(1, incidents().size());
    }

    @Test
    void pushed_updates_that_the_audit_rows_show_were_locks_no_longer_count() throws Exception {
        for (int n = 0; n < 15; n++) {
            push(n, "file.updated"); // DocSpace fires file.updated for a lock too
            portal.addEvent(BURST.plusSeconds(10L * n + 2), MALLORY, 5006, file(n));
        }
        for (int n = 15; n < 25; n++) {
            portal.addEvent(BURST.plusSeconds(10L * n), MALLORY, 5034, file(n));
        }

        scanner.scan(Scanner.Trigger.API);

        assertEquals(List.of(), incidents(), "10 changes: the 15 pushed locks must not make them 25");
    }

    @Test
    void pushed_activity_the_audit_trail_has_not_reported_yet_counts_in_the_polls_evaluation_too() throws Exception {
        for (int n = 0; n < 15; n++) {
            push(n, "file.updated"); // the audit rows of these are late
        }
        for (int n = 15; n < 25; n++) {
            portal.addEvent(BURST.plusSeconds(10L * n), MALLORY, 5034, file(n));
        }

        ScanReport report = scanner.scan(Scanner.Trigger.API);

        assertEquals(1, report.incidentsOpened());
        assertEquals(25, only("bulk-file-changes").fileCount());
    }

    @Test
    void a_delivery_whose_evaluation_never_finished_is_evaluated_when_docspace_retries_it() throws Exception {
        PushedEventDao deliveries = jdbi.onDemand(PushedEventDao.class);
        for (int n = 0; n < 21; n++) {
            // Stored, then the process stopped before the rules ran: DocSpace got no answer and retries.
            WebhookDelivery delivery = delivery(n, "file.updated");
            deliveries.insertIfAbsent(delivery.trigger(), WebhookTriggers.toEntry(delivery,
                    WebhookTriggers.of(delivery.trigger()).orElseThrow()), NOW);
        }

        WebhookReceiver.Receipt retry = push(20, "file.updated");

        assertEquals(new WebhookReceiver.Receipt(WebhookReceiver.Result.EVALUATED, 1, 0), retry);
        assertEquals(WebhookReceiver.Result.REPLAYED, push(20, "file.updated").result());
    }

    @Test
    void a_trigger_no_rule_counts_is_accepted_and_not_stored() throws Exception {
        assertEquals(new WebhookReceiver.Receipt(WebhookReceiver.Result.IGNORED, 0, 0), push(0, "folder.created"));
        assertEquals(0, jdbi.onDemand(PushedEventDao.class).count());
    }

    @Test
    void a_used_trigger_without_the_item_it_was_about_is_refused() {
        WebhookDelivery noItem = Deliveries.parse("""
                {"event":{"id":9,"createOn":"2025-05-14T10:10:00Z","createBy":"%s","trigger":"file.updated"},
                 "payload":{"title":"a.docx"}}""".formatted(MALLORY));

        assertThrows(WebhookDelivery.MalformedException.class, () -> receiver.receive(noItem));
        assertEquals(0, jdbi.onDemand(PushedEventDao.class).count());
    }

    @Test
    void deliveries_received_longer_ago_than_the_longest_rule_window_are_pruned() throws Exception {
        push(0, "file.updated");
        clock.advance(Duration.ofHours(4));

        push(1, "file.updated");

        assertEquals(1, jdbi.onDemand(PushedEventDao.class).count());
    }

    /** Delivery {@code n} of a burst: one file each, ten seconds apart. */
    private WebhookReceiver.Receipt push(int n, String trigger) throws WebhookDelivery.MalformedException {
        return receiver.receive(delivery(n, trigger));
    }

    private static WebhookDelivery delivery(int n, String trigger) {
        return Deliveries.parse(Deliveries.body(1000 + n, BURST.plusSeconds(10L * n), MALLORY, trigger,
                String.valueOf(4000 + n)));
    }

    private static String file(int n) {
        return String.valueOf(4000 + n);
    }

    private List<Incident> incidents() {
        return new IncidentService(jdbi, clock).list(new IncidentFilter(null, null, null, null, null, 100, null))
                .items();
    }

    private Incident only(String rule) {
        List<Incident> found = incidents().stream().filter(i -> i.rule().equals(rule)).toList();
        assertEquals(1, found.size(), "incidents of " + rule + ": " + incidents());
        return found.get(0);
    }

    private int trailOf(Incident incident) {
        return new IncidentService(jdbi, clock).get(incident.id()).orElseThrow().history().size();
    }
}
