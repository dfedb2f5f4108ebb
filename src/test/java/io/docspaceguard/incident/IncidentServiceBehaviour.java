package io.docspaceguard.incident;

import io.docspaceguard.MutableClock;
import static io.docspaceguard.incident.RecordOutcome.Kind.EXTENDED;
import static io.docspaceguard.incident.RecordOutcome.Kind.OPENED;
import static io.docspaceguard.incident.RecordOutcome.Kind.SKIPPED;
import static io.docspaceguard.incident.RecordOutcome.Kind.UNCHANGED;
import static io.docspaceguard.store.Events.fileUpdate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.facts.Finding;
import io.docspaceguard.store.AuditEventDao;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class IncidentServiceBehaviour {
    private static final String RULE = "bulk-file-changes";
    private static final Instant NOW = Instant.parse("2025-05-14T09:00:00Z");
    private static final long T0 = Instant.parse("2025-05-14T08:30:00Z").toEpochMilli();

    private final MutableClock clock = new MutableClock(NOW);
    private IncidentService service;
    private IncidentDao incidents;
    private TrailDao trail;
    private Jdbi jdbi;

    @BeforeEach
    void setUp(Jdbi jdbi) {
        this.jdbi = jdbi;
        service = new IncidentService(jdbi, clock);
        incidents = jdbi.onDemand(IncidentDao.class);
        trail = jdbi.onDemand(TrailDao.class);
    }

    @Test
    void a_first_finding_opens_an_incident_with_its_files_window_threshold_and_rule_version() {
        RecordOutcome outcome = service.record(finding("u1", T0, T0 + 60_000, Set.of("f2", "f1"), Set.of(11L, 12L)),
                "Anna Keller", "v1");

        assertEquals(OPENED, outcome.kind());
        Incident incident = outcome.incident();
        assertEquals(new Incident(incident.id(), "u1", "Anna Keller", RULE, "high", IncidentStatus.OPEN, 2,
                Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 60_000), NOW, NOW, "v1", true, null, null, null, null, null,
                20, 600_000L, null, null, null, null), incident);
        assertEquals(List.of("f1", "f2"), incidents.fileIds(incident.id()));
        assertEquals(List.of(11L, 12L), incidents.eventIds(incident.id()));
        assertEquals(List.of(new TrailEntry(null, NOW, "rule:" + RULE, "open", incident.id(), "u1",
                "2 files, 2 events", null, "v1")), withoutIds(trail.forIncident(incident.id())));
    }

    @Test
    void every_column_of_an_incident_row_is_read_into_its_own_field() {
        BulkWork work = new BulkWorkService(jdbi, clock).declare("rick", null, Instant.ofEpochMilli(T0),
                Instant.ofEpochMilli(T0 + 60_000), "migration");
        long id = service.record(finding("u1", T0, T0 + 60_000, Set.of("f1", "f2", "f3"), Set.of(1L)), "Anna Keller",
                "v1").incident().id();
        Instant[] at = new Instant[8];
        for (int i = 0; i < at.length; i++) {
            at[i] = NOW.plusSeconds(i + 1);
        }
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE incident SET status = 'dismissed', open_key = NULL, severity = 'medium', file_count = 7,
                       first_event_at = :a0, last_event_at = :a1, created_at = :a2, updated_at = :a3,
                       rules_version = 'v9', auto_disable = FALSE, disabled_by = 'rick', disabled_at = :a4,
                       confirmed_by = 'olga', confirmed_at = :a5, account_status = 2, threshold = 21,
                       window_millis = 900000, reason = 'why', suppressed_by = :work, alerted_at = :a6,
                       container_files = 40, dismissal_reason = 'expected_activity', assignee = 'olga'
                WHERE id = :id""").bind("a0", at[0]).bind("a1", at[1]).bind("a2", at[2]).bind("a3", at[3])
                .bind("a4", at[4]).bind("a5", at[5]).bind("a6", at[6]).bind("work", work.id()).bind("id", id)
                .execute());

        assertEquals(new Incident(id, "u1", "Anna Keller", RULE, "medium", IncidentStatus.DISMISSED, 7, at[0], at[1],
                at[2], at[3], "v9", false, "rick", at[4], "olga", at[5], 2, 21, 900_000L, "why", work.id(), at[6],
                40, DismissalReason.EXPECTED_ACTIVITY, "olga"), incidents.get(id).orElseThrow());
    }

    @Test
    void activity_inside_declared_bulk_work_is_suppressed_until_it_grows_beyond_it_and_the_reason_is_kept() {
        BulkWorkService bulkWork = new BulkWorkService(jdbi, clock);
        BulkWork other = bulkWork.declare("rick", "00000000-0000-4000-8000-0000000000aa",
                Instant.ofEpochMilli(T0 - 3_600_000), Instant.ofEpochMilli(T0 + 3_600_000), "someone else");
        BulkWork everyone = bulkWork.declare("rick", null, Instant.ofEpochMilli(T0),
                Instant.ofEpochMilli(T0 + 120_000), "migration");

        Incident inside = service.record(finding("u1", T0, T0 + 60_000, Set.of("f1"), Set.of(1L)), null, "v1",
                new IncidentService.Details("1 file changed", null)).incident();
        Incident beyond = service.record(finding("u1", T0 + 100_000, T0 + 200_000, Set.of("f1", "f2"),
                Set.of(1L, 2L)), null, "v1", new IncidentService.Details("2 distinct files changed", null)).incident();

        assertNotEquals(other.id(), everyone.id());
        assertEquals(everyone.id(), inside.suppressedBy(), "the declaration for everyone covers u1; the other does not");
        assertEquals("1 file changed", inside.reason());
        assertEquals(inside.id(), beyond.id());
        assertNull(beyond.suppressedBy(), "activity after the declared end is no longer covered");
        assertEquals("2 distinct files changed", beyond.reason());
        assertTrue(trail.forIncident(inside.id()).stream().anyMatch(t -> t.comment() != null
                && t.comment().contains("no longer inside declared bulk work " + everyone.id())));
    }

    @Test
    void a_revoked_declaration_covers_nothing_and_is_revoked_once() {
        BulkWorkService bulkWork = new BulkWorkService(jdbi, clock);
        String user = "00000000-0000-4000-8000-0000000000bb";
        BulkWork work = bulkWork.declare("rick", user, Instant.ofEpochMilli(T0 - 60_000),
                Instant.ofEpochMilli(T0 + 3_600_000), "migration");

        assertTrue(bulkWork.revoke(work.id(), "rick", "done").orElseThrow().revoked());
        assertThrows(BulkWorkService.AlreadyRevokedException.class, () -> bulkWork.revoke(work.id(), "ada", null));
        assertNull(service.record(finding(user, T0, T0 + 60_000, Set.of("f1"), Set.of(1L)), null, "v1")
                .incident().suppressedBy());
        assertEquals(List.of(), bulkWork.list(true, 10));
        assertEquals(1, bulkWork.list(false, 10).size());
        assertEquals(List.of("bulk_work_declared", "bulk_work_revoked"), trail.find(new TrailFilter(null, null, user,
                null, null, null, null, 10)).stream().map(TrailEntry::action).filter(a -> a.startsWith("bulk"))
                .sorted().toList());
    }

    @Test
    void an_incident_is_extended_then_unchanged_then_skipped_once_closed_and_reopened_by_new_activity() {
        Finding first = finding("u1", T0, T0 + 1000, Set.of("f1", "f2"), Set.of(1L, 2L));
        Incident opened = service.record(first, "Anna", "v1").incident();

        clock.advance(Duration.ofMinutes(1));
        Finding more = finding("u1", T0, T0 + 5000, Set.of("f1", "f2", "f3"), Set.of(1L, 2L, 3L));
        RecordOutcome extended = service.record(more, "Anna", "v2");
        assertEquals(EXTENDED, extended.kind());
        assertEquals(opened.id(), extended.incident().id());
        assertEquals(3, extended.incident().fileCount());

        clock.advance(Duration.ofMinutes(1));
        RecordOutcome again = service.record(more, "Anna", "v2");
        assertEquals(UNCHANGED, again.kind());
        assertEquals(extended.incident(), again.incident());

        assertTrue(incidents.updateStatus(opened.id(), IncidentStatus.OPEN, IncidentStatus.DISMISSED, clock.instant()));
        assertEquals(SKIPPED, service.record(more, "Anna", "v2").kind());
        assertNull(service.record(first, "Anna", "v2").incident());

        long afterClosing = clock.instant().plus(Duration.ofMinutes(10)).toEpochMilli();
        Finding later = finding("u1", afterClosing, afterClosing + 9000, Set.of("f3", "f4"), Set.of(3L, 4L));
        RecordOutcome reopened = service.record(later, "Anna", "v2");
        assertEquals(OPENED, reopened.kind());
        assertNotEquals(opened.id(), reopened.incident().id());

        assertEquals(List.of("open", "extend"), actions(opened.id()));
        assertEquals(List.of("open"), actions(reopened.incident().id()));
        assertEquals(2, service.list(IncidentFilter.all()).items().size());
    }

    @Test
    void activity_dated_before_an_incident_was_closed_joins_it_instead_of_opening_another() {
        Incident opened = service.record(finding("u1", T0, T0 + 1000, Set.of("f1"), Set.of(1L)), "Anna", "v1")
                .incident();
        clock.advance(Duration.ofMinutes(5));
        assertTrue(incidents.updateStatus(opened.id(), IncidentStatus.OPEN, IncidentStatus.DISABLED, clock.instant()));

        // Written late by DocSpace: dated during the burst, read after the account was disabled.
        RecordOutcome late = service.record(finding("u1", T0, T0 + 60_000, Set.of("f1", "f2"), Set.of(1L, 2L)),
                "Anna", "v1");

        assertEquals(EXTENDED, late.kind());
        assertEquals(opened.id(), late.incident().id());
        assertEquals(IncidentStatus.DISABLED, late.incident().status());
        assertEquals(2, late.incident().fileCount());
        assertEquals(1, service.list(IncidentFilter.all()).items().size());
        TrailEntry entry = trail.forIncident(opened.id()).get(1);
        assertEquals("extend", entry.action());
        assertTrue(entry.comment().endsWith("dated before the incident was closed"), entry.comment());
    }

    @Test
    void extending_widens_the_event_window_and_records_who_and_which_rule_version() {
        long id = service.record(finding("u1", T0 + 10_000, T0 + 20_000, Set.of("f1"), Set.of(1L)), "A", "v1")
                .incident().id();
        clock.advance(Duration.ofSeconds(30));

        Incident extended = service.record(finding("u1", T0, T0 + 30_000, Set.of("f2"), Set.of(2L)), "A", "v2")
                .incident();

        assertEquals(Instant.ofEpochMilli(T0), extended.firstEventAt());
        assertEquals(Instant.ofEpochMilli(T0 + 30_000), extended.lastEventAt());
        assertEquals(NOW, extended.createdAt());
        assertEquals(NOW.plusSeconds(30), extended.updatedAt());
        assertEquals("v1", extended.rulesVersion(), "the incident keeps the version that opened it");
        assertEquals(new TrailEntry(null, NOW.plusSeconds(30), "rule:" + RULE, "extend", id, "u1",
                "+1 files, +1 events", null, "v2"), withoutIds(trail.forIncident(id)).get(1));
    }

    @Test
    void a_new_event_on_a_known_file_extends_without_counting_the_file_twice() {
        service.record(finding("u1", T0, T0, Set.of("f1"), Set.of(1L)), "A", "v1");

        RecordOutcome outcome = service.record(finding("u1", T0, T0 + 1, Set.of("f1"), Set.of(1L, 2L)), "A", "v1");

        assertEquals(EXTENDED, outcome.kind());
        assertEquals(1, outcome.incident().fileCount());
    }

    @Test
    void other_users_and_other_rules_get_their_own_incidents() {
        long a = service.record(finding("u1", T0, T0, Set.of("f1"), Set.of(1L)), "A", "v1").incident().id();
        long b = service.record(finding("u2", T0, T0, Set.of("f1"), Set.of(1L)), "B", "v1").incident().id();
        Finding otherRule = new Finding("mass-deletion", "u1", "high", T0, T0, Set.of("f1"), Set.of(1L), false);
        RecordOutcome c = service.record(otherRule, "A", "v1");

        assertEquals(OPENED, c.kind());
        assertEquals(3, Set.of(a, b, c.incident().id()).size());
    }

    @Test
    void an_incident_opened_concurrently_by_another_writer_is_extended_not_duplicated() throws Exception {
        try (Handle other = jdbi.open()) {
            other.begin();
            long theirs = other.attach(IncidentDao.class).insert(incident("u1", RULE, IncidentStatus.OPEN));
            CompletableFuture<RecordOutcome> ours = CompletableFuture.supplyAsync(
                    () -> service.record(finding("u1", T0, T0, Set.of("f1"), Set.of(1L)), "A", "v1"));
            Thread.sleep(300); // usually long enough for ours to miss the uncommitted row and wait on its open_key
            other.commit();

            RecordOutcome outcome = ours.get(20, TimeUnit.SECONDS);
            assertEquals(EXTENDED, outcome.kind());
            assertEquals(theirs, outcome.incident().id());
            assertEquals(1, service.list(IncidentFilter.all()).items().size());
        }
    }

    @Test
    void the_database_refuses_a_second_open_incident_for_the_same_user_and_rule() {
        incidents.insert(incident("u1", RULE, IncidentStatus.OPEN));

        assertThrows(UnableToExecuteStatementException.class,
                () -> incidents.insert(incident("u1", RULE, IncidentStatus.OPEN)));
        incidents.insert(incident("u1", RULE, IncidentStatus.DISMISSED));
        incidents.insert(incident("u1", RULE, IncidentStatus.DISMISSED));
        incidents.insert(incident("u1", "mass-deletion", IncidentStatus.OPEN));
    }

    @Test
    void closing_an_incident_frees_its_user_and_rule_for_a_new_open_one() {
        long id = incidents.insert(incident("u1", RULE, IncidentStatus.OPEN));

        assertTrue(incidents.updateStatus(id, IncidentStatus.OPEN, IncidentStatus.DISABLED, NOW));
        assertTrue(incidents.updateStatus(id, IncidentStatus.DISABLED, IncidentStatus.REENABLED, NOW));
        incidents.insert(incident("u1", RULE, IncidentStatus.OPEN));
        assertEquals(IncidentStatus.REENABLED, incidents.get(id).orElseThrow().status());
    }

    @Test
    void a_status_update_from_a_state_the_incident_is_not_in_changes_nothing() {
        long id = incidents.insert(incident("u1", RULE, IncidentStatus.OPEN));

        assertEquals(false, incidents.updateStatus(id, IncidentStatus.DISABLED, IncidentStatus.REENABLED, NOW));
        assertEquals(IncidentStatus.OPEN, incidents.get(id).orElseThrow().status());
    }

    @Test
    void the_list_filters_by_status_user_rule_and_creation_time() {
        long a = openAt("u1", RULE, 0);
        long b = openAt("u2", RULE, 60);
        long c = openAt("u1", "mass-deletion", 120);
        incidents.updateStatus(b, IncidentStatus.OPEN, IncidentStatus.DISMISSED, NOW);

        assertEquals(List.of(c, b, a), ids(IncidentFilter.all()));
        assertEquals(List.of(b), ids(new IncidentFilter(IncidentStatus.DISMISSED, null, null, null, null, null, null)));
        assertEquals(List.of(c, a), ids(new IncidentFilter(null, "u1", null, null, null, null, null)));
        assertEquals(List.of(b, a), ids(new IncidentFilter(null, null, RULE, null, null, null, null)));
        assertEquals(List.of(b), ids(new IncidentFilter(null, null, null, NOW.plusSeconds(60), NOW.plusSeconds(120),
                null, null)));
        assertEquals(List.of(c), ids(new IncidentFilter(IncidentStatus.OPEN, "u1", "mass-deletion", NOW, null, null,
                null)));
    }

    @Test
    void the_list_pages_newest_first_with_a_cursor_until_none_is_left() {
        long a = openAt("u1", RULE, 0);
        long b = openAt("u2", RULE, 0);
        long c = openAt("u3", RULE, 0);
        IncidentFilter twoPerPage = new IncidentFilter(null, null, null, null, null, 2, null);

        IncidentPage first = service.list(twoPerPage);
        IncidentPage second = service.list(twoPerPage.after(first.nextCursor()));

        assertEquals(List.of(c, b), first.items().stream().map(Incident::id).toList());
        assertEquals(b, first.nextCursor());
        assertEquals(List.of(a), second.items().stream().map(Incident::id).toList());
        assertNull(second.nextCursor());
        assertNull(service.list(new IncidentFilter(null, null, null, null, null, 3, null)).nextCursor());
    }

    @Test
    void the_page_size_defaults_to_50_and_is_capped_at_200() {
        assertEquals(50, IncidentFilter.all().pageSize());
        assertEquals(200, new IncidentFilter(null, null, null, null, null, 1000, null).pageSize());
        assertThrows(IllegalArgumentException.class, () -> new IncidentFilter(null, null, null, null, null, 0, null));
    }

    @Test
    void the_detail_holds_sorted_files_stored_events_in_time_order_and_the_history() {
        AuditEntry late = fileUpdate(7, Instant.ofEpochMilli(T0 + 5000), "u1", "b");
        AuditEntry early = fileUpdate(9, Instant.ofEpochMilli(T0), "u1", "a");
        AuditEntry unrelated = fileUpdate(8, Instant.ofEpochMilli(T0), "u1", "c");
        jdbi.onDemand(AuditEventDao.class).insertNew(List.of(late, early, unrelated));
        long id = service.record(finding("u1", T0, T0 + 5000, Set.of("b", "a"), Set.of(7L, 9L)), "A", "v1")
                .incident().id();
        clock.advance(Duration.ofSeconds(5));
        service.record(finding("u1", T0, T0 + 6000, Set.of("z"), Set.of(404L)), "A", "v1");

        IncidentDetail detail = service.get(id).orElseThrow();

        assertEquals(incidents.get(id).orElseThrow(), detail.incident());
        assertEquals(List.of("a", "b", "z"), detail.fileIds());
        assertEquals(List.of(early, late), detail.events(), "event 404 was never stored, so it is not shown");
        assertEquals(List.of("open", "extend"), detail.history().stream().map(TrailEntry::action).toList());
        assertEquals(Optional.empty(), service.get(id + 1000));
    }

    private long openAt(String userId, String rule, int secondsAfterNow) {
        clock.advance(Duration.between(clock.instant(), NOW.plusSeconds(secondsAfterNow)));
        return service.record(new Finding(rule, userId, "high", T0, T0, Set.of("f"), Set.of(1L), false), userId, "v1")
                .incident().id();
    }

    private List<Long> ids(IncidentFilter filter) {
        return service.list(filter).items().stream().map(Incident::id).toList();
    }

    private List<String> actions(long incidentId) {
        return trail.forIncident(incidentId).stream().map(TrailEntry::action).toList();
    }

    private static List<TrailEntry> withoutIds(List<TrailEntry> entries) {
        return entries.stream().map(e -> new TrailEntry(null, e.at(), e.actor(), e.action(), e.incidentId(),
                e.userId(), e.comment(), e.outcome(), e.rulesVersion())).toList();
    }

    private static Finding finding(String userId, long start, long end, Set<String> files, Set<Long> events) {
        return new Finding(RULE, userId, "high", start, end, files, events, true, 20, Map.of("change", files), 600_000);
    }

    private static Incident incident(String userId, String rule, IncidentStatus status) {
        return new Incident(0, userId, null, rule, "high", status, 1, NOW, NOW, NOW, NOW, "v1", false, null, null,
                null, null, null, null, null, null, null, null, null);
    }
}
