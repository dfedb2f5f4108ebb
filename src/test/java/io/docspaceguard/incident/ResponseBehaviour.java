package io.docspaceguard.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.MutableClock;
import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.IncidentAlerts;
import io.docspaceguard.docspace.AuditPage;
import io.docspaceguard.docspace.ContainerSize;
import io.docspaceguard.docspace.FileVersion;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.FakeDocSpace;
import io.docspaceguard.docspace.FakeDocSpace.StatusWrite;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.facts.Finding;
import io.docspaceguard.store.Database;
import io.docspaceguard.store.InstanceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The response workflow against the fake portal; subclasses run it on H2 and on PostgreSQL. */
abstract class ResponseBehaviour {
    static final String MARK = "b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77";
    static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    static final String OWNER = "0a0a0a0a-0000-4000-8000-000000000001";
    static final String ADMIN = "0a0a0a0a-0000-4000-8000-000000000002";
    static final String LDAP = "0a0a0a0a-0000-4000-8000-000000000003";
    static final String LISTED = "0a0a0a0a-0000-4000-8000-000000000004";
    static final Instant NOW = Instant.parse("2025-05-14T09:00:00Z");

    private final FakeDocSpace portal = new FakeDocSpace();
    private final List<InstanceRegistry.Instance> joined = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private Database database;
    private Jdbi jdbi;
    private IncidentService incidents;
    private Instance main;
    private DocSpaceClient client;
    private long nextEvent = 1;

    @BeforeEach
    void setUp(Database database) {
        this.database = database;
        this.jdbi = database.jdbi();
        portal.start();
        portal.setClock(clock);
        for (String id : List.of(MARK, ANNA, LDAP, LISTED)) {
            portal.addUser(id, "User " + id.substring(0, 4), false, false);
        }
        portal.addUser(OWNER, "Portal Owner", false, true);
        portal.addUser(ADMIN, "Another Admin", true, false);
        portal.setLdap(LDAP, true);
        client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(), new HttpDocSpaceClient.Settings(
                Duration.ofSeconds(2), Duration.ofSeconds(5), 2, Duration.ofMillis(5), Duration.ofMillis(20)));
        incidents = new IncidentService(jdbi, clock);
        main = instance(client, false, 5, Duration.ZERO);
    }

    @AfterEach
    void stopPortalAndInstances() {
        portal.close();
        joined.forEach(InstanceRegistry.Instance::close);
    }

    // ---- reviewer decisions -------------------------------------------------------------------------

    @Test
    void approving_an_open_incident_disables_exactly_that_user_in_docspace() {
        Incident incident = open(MARK, "bulk-file-changes", false);

        Incident approved = main.decisions().approve(incident.id(), "rick", "confirmed with the user's manager");

        assertEquals(IncidentStatus.DISABLED, approved.status());
        assertEquals("rick", approved.disabledBy());
        assertEquals(Person.DISABLED, approved.accountStatus());
        assertEquals(List.of(new StatusWrite(2, List.of(MARK), 200)), portal.statusWrites());
        assertEquals(Person.DISABLED, portal.statusOf(MARK));
        assertEquals(Person.ACTIVE, portal.statusOf(ANNA));
        TrailEntry entry = lastTrail(incident);
        assertEquals("approve", entry.action());
        assertEquals("rick", entry.actor());
        assertEquals("confirmed with the user's manager", entry.comment());
        assertEquals("DocSpace reports status 2 (disabled)", entry.outcome());
    }

    @Test
    void protected_accounts_get_a_409_naming_the_reason_and_no_status_change_is_sent() {
        portal.addUser(FakeDocSpace.SERVICE_USER_ID, "Guard Service", true, false);
        List<String> reasons = new ArrayList<>();
        for (String user : List.of(OWNER, ADMIN, LISTED, FakeDocSpace.SERVICE_USER_ID)) {
            Incident incident = open(user, "bulk-file-changes", false);
            TransitionRefusedException refused = assertThrows(TransitionRefusedException.class,
                    () -> main.decisions().approve(incident.id(), "rick", "disable"));
            reasons.add(refused.getMessage());
            assertEquals(IncidentStatus.OPEN, reload(incident).status());
        }

        assertTrue(reasons.get(0).contains("portal owner"), reasons.get(0));
        assertTrue(reasons.get(1).contains("DocSpace admin"), reasons.get(1));
        assertTrue(reasons.get(2).contains("GUARD_PROTECTED_USERS"), reasons.get(2));
        assertTrue(reasons.get(3).contains("own DocSpace account"), reasons.get(3));
        assertEquals(List.of(), portal.statusWrites());
    }

    @Test
    void a_docspace_403_leaves_the_incident_open_with_the_refusal_in_the_trail() {
        Incident incident = open(LDAP, "bulk-file-changes", false);

        AccountActionFailedException failed = assertThrows(AccountActionFailedException.class,
                () -> main.decisions().approve(incident.id(), "rick", "disable"));

        assertEquals(403, failed.docSpaceStatus());
        assertTrue(failed.getMessage().contains("Access denied"), failed.getMessage());
        assertUnchangedWithFailure(incident, IncidentStatus.OPEN, "Access denied");
        assertEquals("action_failed", alerts.get(alerts.size() - 1).kind());
    }

    @Test
    void a_docspace_500_429_or_401_leaves_the_incident_unchanged() {
        for (int status : new int[] {500, 429, 401}) {
            Incident incident = open(MARK, "rule-" + status, false);
            // 429 is retried (two retries here), 500 and 401 are not: fail exactly the attempts made.
            portal.failNextStatusWrite(status, status == 429 ? 3 : 1, status == 429 ? "0" : null);

            AccountActionFailedException failed = assertThrows(AccountActionFailedException.class,
                    () -> main.decisions().approve(incident.id(), "rick", "disable"));

            assertEquals(status, failed.docSpaceStatus());
            assertUnchangedWithFailure(incident, IncidentStatus.OPEN, "DocSpace " + status);
            assertEquals(Person.ACTIVE, portal.statusOf(MARK));
        }
    }

    @Test
    void a_402_on_reenable_keeps_the_incident_disabled() {
        Incident incident = open(MARK, "bulk-file-changes", false);
        main.decisions().approve(incident.id(), "rick", "disable");
        portal.setSeatsFull(true);

        AccountActionFailedException failed = assertThrows(AccountActionFailedException.class,
                () -> main.decisions().reenable(incident.id(), "rick", "cleared"));

        assertEquals(402, failed.docSpaceStatus());
        assertUnchangedWithFailure(incident, IncidentStatus.DISABLED, "DocSpace 402");
        assertEquals(Person.DISABLED, portal.statusOf(MARK));
    }

    @Test
    void reenabling_records_what_docspace_reports_even_when_the_user_comes_back_pending() {
        Incident incident = open(MARK, "bulk-file-changes", false);
        main.decisions().approve(incident.id(), "rick", "disable");
        portal.setComesBackPending(MARK);

        Incident reenabled = main.decisions().reenable(incident.id(), "rick", "it was a migration script");

        assertEquals(IncidentStatus.REENABLED, reenabled.status());
        assertEquals(Person.PENDING, reenabled.accountStatus());
        assertEquals("DocSpace reports status 4 (pending)", lastTrail(incident).outcome());
    }

    @Test
    void illegal_transitions_are_refused_with_the_reason() {
        Incident incident = open(MARK, "bulk-file-changes", false);

        assertRefused(() -> main.decisions().reenable(incident.id(), "rick", "x"), "only disabled");
        assertRefused(() -> main.decisions().confirm(incident.id(), "rick", "x"), "automatic disable");
        main.decisions().approve(incident.id(), "rick", "disable");
        assertRefused(() -> main.decisions().approve(incident.id(), "rick", "again"), "only open");
        assertRefused(() -> main.decisions().dismiss(incident.id(), "rick", DismissalReason.EXPECTED_ACTIVITY, "x"), "only open");
        assertRefused(() -> main.decisions().confirm(incident.id(), "rick", "x"), "by a reviewer");
        main.decisions().reenable(incident.id(), "rick", "ok");
        assertRefused(() -> main.decisions().reenable(incident.id(), "rick", "again"), "only disabled");
        assertEquals(1, portal.statusWrites().stream().filter(w -> w.status() == 2).count());
        assertThrows(IncidentNotFoundException.class, () -> main.decisions().dismiss(999_999, "rick", DismissalReason.EXPECTED_ACTIVITY, "x"));
    }

    @Test
    void dismissing_closes_the_incident_without_touching_the_account() {
        Incident incident = open(MARK, "bulk-file-changes", false);

        Incident dismissed = main.decisions().dismiss(incident.id(), "rick", DismissalReason.EXPECTED_ACTIVITY, "planned migration");

        assertEquals(IncidentStatus.DISMISSED, dismissed.status());
        assertEquals(DismissalReason.EXPECTED_ACTIVITY, dismissed.dismissalReason());
        assertEquals(List.of(), portal.statusWrites());
        assertEquals("dismiss", lastTrail(incident).action());
        assertEquals("expected_activity: planned migration", lastTrail(incident).comment());
    }

    @Test
    void a_dry_run_sends_no_write_and_records_what_would_have_been_done() {
        Instance dryRun = instance(client, true, 5, Duration.ZERO);
        Incident incident = open(MARK, "bulk-file-changes", false);

        Incident approved = dryRun.decisions().approve(incident.id(), "rick", "disable");
        Incident auto = open(ANNA, "mass-deletion", true);
        dryRun.autoDisable().autoDisable(auto);

        assertEquals(IncidentStatus.DISABLED, approved.status());
        assertEquals(List.of(), portal.statusWrites());
        assertEquals(Person.ACTIVE, portal.statusOf(MARK));
        assertTrue(lastTrail(incident).outcome().startsWith("dry run: would set the DocSpace status to status 2"));
        assertTrue(lastTrail(auto).outcome().startsWith("dry run"));
    }

    // ---- exactly once ---------------------------------------------------------------------------------

    @Test
    void simultaneous_approvals_on_two_instances_disable_the_account_once_and_the_others_get_409() throws Exception {
        for (int round = 0; round < 8; round++) {
            String user = String.format("0a0a0a0a-0000-4000-8000-1000000000%02d", round);
            portal.addUser(user, "Racer " + round, false, false);
            Incident incident = open(user, "bulk-file-changes", false);
            List<Instance> instances = List.of(instance(client, false, 5, Duration.ZERO),
                    instance(client, false, 5, Duration.ZERO));
            CyclicBarrier start = new CyclicBarrier(4);
            ExecutorService reviewers = Executors.newFixedThreadPool(4);
            List<Future<String>> answers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                Instance instance = instances.get(r % 2);
                String reviewer = "reviewer-" + r;
                answers.add(reviewers.submit(() -> {
                    start.await();
                    try {
                        instance.decisions().approve(incident.id(), reviewer, "stop it");
                        return "200";
                    } catch (TransitionRefusedException e) {
                        return "409";
                    }
                }));
            }
            List<String> statuses = new ArrayList<>();
            for (Future<String> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            reviewers.shutdown();

            assertEquals(1, statuses.stream().filter("200"::equals).count(), "round " + round + ": " + statuses);
            assertEquals(3, statuses.stream().filter("409"::equals).count(), "round " + round + ": " + statuses);
            assertEquals(1, portal.statusWrites().stream().filter(w -> w.userIds().contains(user)).count(),
                    "round " + round);
            assertEquals(1, trail(incident).stream().filter(e -> e.action().equals("approve")).count(),
                    "round " + round);
            assertEquals(IncidentStatus.DISABLED, reload(incident).status());
        }
    }

    @Test
    void a_disable_whose_answer_is_lost_is_read_back_not_resent_and_counts_when_docspace_made_it() {
        Incident incident = open(MARK, "bulk-file-changes", false);
        portal.delayNextStatusWrite(Duration.ofSeconds(2));

        Incident approved = impatient().decisions().approve(incident.id(), "rick", "disable");

        assertEquals(IncidentStatus.DISABLED, approved.status());
        assertEquals(Person.DISABLED, approved.accountStatus());
        assertEquals(1, portal.statusWrites().size());
        TrailEntry entry = lastTrail(incident);
        assertEquals("approve", entry.action());
        assertTrue(entry.outcome().contains("no answer") && entry.outcome().contains("status 2 (disabled)"),
                entry.outcome());
    }

    @Test
    void a_disable_whose_answer_is_lost_and_which_docspace_did_not_make_fails_without_a_second_write() {
        Incident incident = open(MARK, "bulk-file-changes", false);
        portal.loseNextStatusWrite(Duration.ofSeconds(2));

        AccountActionFailedException failed = assertThrows(AccountActionFailedException.class,
                () -> impatient().decisions().approve(incident.id(), "rick", "disable"));

        assertTrue(failed.getMessage().contains("status 1 (active)"), failed.getMessage());
        assertEquals(1, portal.statusWrites().size());
        assertEquals(Person.ACTIVE, portal.statusOf(MARK));
        assertUnchangedWithFailure(incident, IncidentStatus.OPEN, "not sent again");
        assertEquals(0, main.journal().reconcile());
    }

    // ---- crash safety -------------------------------------------------------------------------------

    @Test
    void a_crash_after_docspace_disabled_the_user_is_reconciled_without_a_second_disable() {
        Incident incident = open(MARK, "bulk-file-changes", false);
        Instance dying = instance(new CrashingClient(client, true), false, 5, Duration.ZERO);
        assertThrows(SimulatedCrash.class, () -> dying.decisions().approve(incident.id(), "rick", "disable"));
        dying.self().close(); // its process is gone
        assertEquals(IncidentStatus.OPEN, reload(incident).status());

        int reconciled = main.journal().reconcile();

        assertEquals(1, reconciled);
        assertEquals(IncidentStatus.DISABLED, reload(incident).status());
        assertEquals(1, portal.statusWrites().size());
        TrailEntry entry = lastTrail(incident);
        assertEquals("approve", entry.action());
        assertEquals("rick", entry.actor());
        assertTrue(entry.outcome().contains("not sent again"), entry.outcome());
        assertEquals(0, main.journal().reconcile());
    }

    @Test
    void a_crash_before_docspace_was_called_is_reconciled_by_sending_it_once() {
        Incident incident = open(MARK, "bulk-file-changes", false);
        Instance dying = instance(new CrashingClient(client, false), false, 5, Duration.ZERO);
        assertThrows(SimulatedCrash.class, () -> dying.decisions().approve(incident.id(), "rick", "disable"));
        dying.self().close();
        assertEquals(List.of(), portal.statusWrites());

        main.journal().reconcile();

        assertEquals(List.of(new StatusWrite(2, List.of(MARK), 200)), portal.statusWrites());
        assertEquals(IncidentStatus.DISABLED, reload(incident).status());
        assertTrue(lastTrail(incident).outcome().startsWith("reconciled, not made yet: DocSpace reports status 2"),
                lastTrail(incident).outcome());
    }

    @Test
    void two_instances_reconciling_the_same_orphaned_action_at_once_send_it_once() throws Exception {
        Incident incident = open(MARK, "bulk-file-changes", false);
        Instance dying = instance(new CrashingClient(client, false), false, 5, Duration.ZERO);
        assertThrows(SimulatedCrash.class, () -> dying.decisions().approve(incident.id(), "rick", "disable"));
        dying.self().close();
        Instance other = instance(client, false, 5, Duration.ZERO);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService both = Executors.newFixedThreadPool(2);
        Future<Integer> first = both.submit(() -> {
            start.await();
            return main.journal().reconcile();
        });
        Future<Integer> second = both.submit(() -> {
            start.await();
            return other.journal().reconcile();
        });

        int reconciled = first.get(30, TimeUnit.SECONDS) + second.get(30, TimeUnit.SECONDS);
        both.shutdown();

        assertEquals(1, reconciled);
        assertEquals(1, portal.statusWrites().size());
        assertEquals(1, trail(incident).stream().filter(e -> e.action().equals("approve")).count());
    }

    @Test
    void an_action_in_flight_blocks_a_second_one_on_the_same_incident() {
        Incident incident = open(MARK, "bulk-file-changes", false);
        Instance dying = instance(new CrashingClient(client, false), false, 5, Duration.ZERO);
        assertThrows(SimulatedCrash.class, () -> dying.decisions().approve(incident.id(), "rick", "disable"));

        assertRefused(() -> main.decisions().approve(incident.id(), "vera", "disable too"), "in progress");
        assertRefused(() -> main.decisions().dismiss(incident.id(), "vera", DismissalReason.EXPECTED_ACTIVITY, "never mind"), "in progress");
        assertEquals(0, main.journal().reconcile());
    }

    // ---- automatic restriction ----------------------------------------------------------------------

    @Test
    void a_rule_marked_finding_disables_at_once_and_waits_for_confirmation() {
        Incident incident = open(MARK, "mass-deletion", true);

        main.autoDisable().autoDisable(incident);

        Incident disabled = reload(incident);
        assertEquals(IncidentStatus.DISABLED, disabled.status());
        assertEquals("rule:mass-deletion", disabled.disabledBy());
        assertTrue(disabled.awaitingConfirmation());
        assertEquals("auto_disable", lastTrail(incident).action());
        assertEquals("rule:mass-deletion", lastTrail(incident).actor());

        Incident confirmed = main.decisions().confirm(incident.id(), "rick", "ransomware confirmed");
        assertEquals(IncidentStatus.DISABLED, confirmed.status());
        assertEquals("rick", confirmed.confirmedBy());
        assertEquals(false, confirmed.awaitingConfirmation());
    }

    @Test
    void automatic_disable_honours_protections() {
        Incident incident = open(ADMIN, "mass-deletion", true);

        main.autoDisable().autoDisable(incident);

        assertEquals(IncidentStatus.OPEN, reload(incident).status());
        assertEquals(List.of(), portal.statusWrites());
        assertEquals("auto_disable_skipped", lastTrail(incident).action());
        assertTrue(lastTrail(incident).outcome().contains("DocSpace admin"));
    }

    @Test
    void automatic_disables_stop_at_the_hourly_cap_and_resume_when_the_hour_has_rolled() {
        Instance capped = instance(client, false, 2, Duration.ZERO);
        Incident first = open(MARK, "mass-deletion", true);
        Incident second = open(ANNA, "mass-deletion", true);
        String third = "0a0a0a0a-0000-4000-8000-000000000009";
        portal.addUser(third, "Third User", false, false);
        Incident over = open(third, "mass-deletion", true);

        capped.autoDisable().autoDisable(first);
        clock.advance(Duration.ofMinutes(30));
        capped.autoDisable().autoDisable(second);
        capped.autoDisable().autoDisable(over);

        assertEquals(IncidentStatus.OPEN, reload(over).status());
        assertTrue(lastTrail(over).outcome().contains("cap of 2"), lastTrail(over).outcome());
        assertEquals("auto_disable_cap_reached", alerts.get(alerts.size() - 1).kind());
        assertEquals(2, portal.statusWrites().size());

        clock.advance(Duration.ofMinutes(31)); // the first disable is now more than an hour old
        Incident later = open(third, "bulk-file-changes", true);
        capped.autoDisable().autoDisable(later);
        assertEquals(IncidentStatus.DISABLED, reload(later).status());
    }

    @Test
    void an_unconfirmed_automatic_disable_expires_and_a_confirmed_one_does_not() {
        Instance expiring = instance(client, false, 5, Duration.ofHours(4));
        Incident unconfirmed = open(MARK, "mass-deletion", true);
        Incident confirmed = open(ANNA, "mass-deletion", true);
        expiring.autoDisable().autoDisable(unconfirmed);
        expiring.autoDisable().autoDisable(confirmed);
        expiring.decisions().confirm(confirmed.id(), "rick", "keep it");

        clock.advance(Duration.ofHours(3));
        assertEquals(0, expiring.autoDisable().expireAutoDisables());
        clock.advance(Duration.ofHours(2));
        assertEquals(1, expiring.autoDisable().expireAutoDisables());

        assertEquals(IncidentStatus.REENABLED, reload(unconfirmed).status());
        assertEquals(Person.ACTIVE, portal.statusOf(MARK));
        assertEquals("auto_reenable", lastTrail(unconfirmed).action());
        assertEquals(AutoDisablePolicy.SYSTEM, lastTrail(unconfirmed).actor());
        assertEquals(IncidentStatus.DISABLED, reload(confirmed).status());
        assertEquals(Person.DISABLED, portal.statusOf(ANNA));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Registers an instance for the test; every one is closed after it (on PostgreSQL each holds a session). */
    private InstanceRegistry.Instance join() {
        InstanceRegistry.Instance instance = database.instances().join();
        joined.add(instance);
        return instance;
    }

    /** One instance of the service on the test database; closing its registration is its process dying. */
    private record Instance(InstanceRegistry.Instance self, ActionJournal journal, DecisionService decisions,
                            AutoDisablePolicy autoDisable) {
    }

    private Instance instance(DocSpaceClient docSpace, boolean dryRun, int cap, Duration expiry) {
        InstanceRegistry.Instance self = join();
        IncidentNotices notices = new IncidentAlerts(alerts::add);
        AccountProtection protection = new AccountProtection(docSpace, Set.of(LISTED));
        ActionJournal journal = new ActionJournal(jdbi, docSpace, notices, dryRun, database.instances(), self, clock);
        return new Instance(self, journal, new DecisionService(jdbi, journal, protection, clock),
                new AutoDisablePolicy(jdbi, journal, protection, notices, new AutoDisablePolicy.Settings(cap, expiry),
                        clock));
    }

    /** Gives DocSpace 300 ms per request: a slower answer is a lost one. */
    private Instance impatient() {
        return instance(new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(), new HttpDocSpaceClient.Settings(
                Duration.ofSeconds(2), Duration.ofMillis(300), 2, Duration.ofMillis(5), Duration.ofMillis(20))),
                false, 5, Duration.ZERO);
    }

    private Incident open(String userId, String rule, boolean autoDisable) {
        long event = nextEvent++;
        Finding finding = new Finding(rule, userId, "high", NOW.toEpochMilli() - 60_000, NOW.toEpochMilli(),
                Set.of("file-" + event), Set.of(event), autoDisable);
        return incidents.record(finding, "User", "v1").incident();
    }

    private Incident reload(Incident incident) {
        return jdbi.onDemand(IncidentDao.class).get(incident.id()).orElseThrow();
    }

    private List<TrailEntry> trail(Incident incident) {
        return jdbi.onDemand(TrailDao.class).forIncident(incident.id());
    }

    private TrailEntry lastTrail(Incident incident) {
        List<TrailEntry> history = jdbi.onDemand(TrailDao.class).forIncident(incident.id());
        return history.get(history.size() - 1);
    }

    private void assertUnchangedWithFailure(Incident incident, IncidentStatus expected, String message) {
        Incident now = reload(incident);
        assertEquals(expected, now.status());
        TrailEntry entry = lastTrail(incident);
        assertEquals("action_failed", entry.action());
        assertTrue(entry.outcome().contains(message), entry.outcome());
    }

    private static void assertRefused(Runnable action, String reason) {
        TransitionRefusedException refused = assertThrows(TransitionRefusedException.class, action::run);
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    /** The process dies around the status change: before sending it, or after DocSpace applied it. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash");
        }
    }

    private record CrashingClient(DocSpaceClient delegate, boolean afterSending) implements DocSpaceClient {
        @Override
        public AuditPage auditEvents(Instant from, Instant to, int startIndex, int count) {
            return delegate.auditEvents(from, to, startIndex, count);
        }

        @Override
        public Person self() {
            return delegate.self();
        }

        @Override
        public Person person(String userId) {
            return delegate.person(userId);
        }

        @Override
        public ContainerSize folderSize(String folderId) {
            return delegate.folderSize(folderId);
        }

        @Override
        public FileVersion file(String fileId) {
            return delegate.file(fileId);
        }

        @Override
        public java.util.List<FileVersion> fileHistory(String fileId) {
            return delegate.fileHistory(fileId);
        }

        @Override
        public void restoreVersion(String fileId, int version) {
            delegate.restoreVersion(fileId, version);
        }

        @Override
        public void renameFile(String fileId, String title) {
            delegate.renameFile(fileId, title);
        }

        @Override
        public ContainerSize roomSize(String roomId) {
            return delegate.roomSize(roomId);
        }

        @Override
        public Person setStatus(String userId, int status) {
            if (afterSending) {
                delegate.setStatus(userId, status);
            }
            throw new SimulatedCrash();
        }
    }
}
