package io.docspaceguard.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class TrailDaoBehaviour {
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");

    private Jdbi jdbi;
    private TrailDao trail;
    private long incidentA;
    private long incidentB;

    @BeforeEach
    void setUp(Jdbi jdbi) {
        this.jdbi = jdbi;
        trail = jdbi.onDemand(TrailDao.class);
        IncidentDao incidents = jdbi.onDemand(IncidentDao.class);
        incidentA = incidents.insert(incident("u1"));
        incidentB = incidents.insert(incident("u2"));
    }

    @Test
    void an_appended_entry_reads_back_with_every_field() {
        long id = trail.append(new TrailEntry(null, T0, "alice", "approve", incidentA, "u1", "confirmed with owner",
                "200 OK", "v1"));

        assertEquals(List.of(new TrailEntry(id, T0, "alice", "approve", incidentA, "u1", "confirmed with owner",
                "200 OK", "v1")), trail.find(TrailFilter.all(10)));
    }

    @Test
    void an_entry_is_exported_with_its_id_once_its_transaction_commits_and_not_before() {
        List<TrailEntry> exported = new CopyOnWriteArrayList<>();
        jdbi.getConfig(TrailExports.class).use(exported::add);
        List<Integer> seenInside = new ArrayList<>();

        long id = jdbi.inTransaction(h -> {
            long appended = h.attach(TrailDao.class).append(new TrailEntry(null, T0, "alice", "dismiss", incidentA,
                    "u1", "a test", null, "v1"));
            seenInside.add(exported.size());
            return appended;
        });

        assertEquals(List.of(0), seenInside);
        assertEquals(List.of(new TrailEntry(id, T0, "alice", "dismiss", incidentA, "u1", "a test", null, "v1")),
                exported);
    }

    @Test
    void an_entry_whose_transaction_rolls_back_is_never_exported() {
        List<TrailEntry> exported = new CopyOnWriteArrayList<>();
        jdbi.getConfig(TrailExports.class).use(exported::add);

        assertThrows(IllegalStateException.class, () -> jdbi.useTransaction(h -> {
            h.attach(TrailDao.class).append(new TrailEntry(null, T0, "alice", "approve", incidentA, "u1", null,
                    null, "v1"));
            throw new IllegalStateException("DocSpace said no");
        }));

        assertEquals(List.of(), exported);
        assertEquals(List.of(), trail.find(TrailFilter.all(10)));
    }

    @Test
    void an_export_that_throws_neither_fails_nor_undoes_the_append() {
        jdbi.getConfig(TrailExports.class).use(entry -> {
            throw new IllegalStateException("collector on fire");
        });

        long id = jdbi.inTransaction(h -> h.attach(TrailDao.class).append(new TrailEntry(null, T0, "alice", "approve",
                incidentA, "u1", null, null, "v1")));

        assertEquals(List.of(id), idsOf(trail.find(TrailFilter.all(10))));
    }

    @Test
    void an_unfiltered_query_lists_newest_first() {
        List<Long> ids = appendSample();

        assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1), ids.get(0)), idsOf(trail.find(TrailFilter.all(10))));
    }

    @Test
    void each_filter_narrows_the_entries() {
        List<Long> ids = appendSample();

        assertEquals(List.of(ids.get(1), ids.get(0)),
                idsOf(trail.find(new TrailFilter(incidentA, null, null, null, null, null, null, 10))));
        assertEquals(List.of(ids.get(2)),
                idsOf(trail.find(new TrailFilter(null, "alice", null, null, null, null, null, 10))));
        assertEquals(List.of(ids.get(3), ids.get(2)),
                idsOf(trail.find(new TrailFilter(null, null, "u2", null, null, null, null, 10))));
        assertEquals(List.of(ids.get(2), ids.get(1)),
                idsOf(trail.find(new TrailFilter(null, null, null, "approve", null, null, null, 10))));
        assertEquals(List.of(ids.get(3)),
                idsOf(trail.find(new TrailFilter(null, "system", "u2", "reenable", null, null, null, 10))));
    }

    @Test
    void since_is_inclusive_and_until_exclusive() {
        List<Long> ids = appendSample();

        assertEquals(List.of(ids.get(2), ids.get(1)), idsOf(trail.find(
                new TrailFilter(null, null, null, null, T0.plusSeconds(60), T0.plusSeconds(180), null, 10))));
    }

    @Test
    void the_cursor_continues_after_the_last_entry_of_the_previous_page() {
        List<Long> ids = appendSample();

        List<TrailEntry> first = trail.find(TrailFilter.all(3));
        List<TrailEntry> second = trail.find(new TrailFilter(null, null, null, null, null, null,
                first.get(2).id(), 3));

        assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1)), idsOf(first));
        assertEquals(List.of(ids.get(0)), idsOf(second));
    }

    @Test
    void an_incidents_history_is_oldest_first() {
        List<Long> ids = appendSample();

        assertEquals(List.of(ids.get(0), ids.get(1)), idsOf(trail.forIncident(incidentA)));
    }

    /** open A (t0), approve A by bob (t+60), approve B by alice (t+120), reenable B by system (t+180). */
    private List<Long> appendSample() {
        return List.of(
                trail.append(new TrailEntry(null, T0, "rule:r", "open", incidentA, "u1", null, null, "v1")),
                trail.append(new TrailEntry(null, T0.plusSeconds(60), "bob", "approve", incidentA, "u1", null, null, null)),
                trail.append(new TrailEntry(null, T0.plusSeconds(120), "alice", "approve", incidentB, "u2", null, null, null)),
                trail.append(new TrailEntry(null, T0.plusSeconds(180), "system", "reenable", incidentB, "u2", null, null, null)));
    }

    private static List<Long> idsOf(List<TrailEntry> entries) {
        return entries.stream().map(TrailEntry::id).toList();
    }

    private static Incident incident(String userId) {
        return new Incident(0, userId, null, "bulk-file-changes", "high", IncidentStatus.OPEN, 1, T0, T0, T0, T0,
                "v1", false, null, null, null, null, null, null, null, null, null, null, null);
    }
}
