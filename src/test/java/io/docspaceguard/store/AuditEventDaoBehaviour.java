package io.docspaceguard.store;

import static io.docspaceguard.store.Events.fileUpdate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.RejectedEvent;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class AuditEventDaoBehaviour {
    private static final Instant T0 = Instant.parse("2025-05-14T08:31:07.123456Z");

    private AuditEventDao dao;
    private EventStore store;

    /** A user name this database refuses to store. */
    abstract String nameTheDatabaseRefuses(Jdbi jdbi);

    private String refusedName;

    @BeforeEach
    void setUp(Jdbi jdbi) {
        dao = jdbi.onDemand(AuditEventDao.class);
        store = new EventStore(jdbi);
        refusedName = nameTheDatabaseRefuses(jdbi);
    }

    @Test
    void an_event_the_database_refuses_is_kept_in_rejected_event_and_its_neighbours_are_stored() {
        AuditEntry before = fileUpdate(1, T0, "u1", "f1");
        AuditEntry poison = new AuditEntry(2, T0, "u1", refusedName, 5034, "File updated", List.of(1),
                List.of("f2"), "{\"id\":2,\"user\":\"Mal\u0000lory\"}");
        AuditEntry after = fileUpdate(3, T0, "u1", "f3");

        EventStore.Stored stored = store.store(List.of(before, poison, after));

        assertEquals(List.of(before, after), stored.fresh());
        assertEquals(1, stored.refused().size());
        assertTrue(stored.refused().get(0).reason().startsWith("the database refused event 2: "),
                stored.refused().get(0).reason());
        assertEquals(2, dao.count());
        assertEquals(1, dao.countRejected());
        assertEquals(List.of(), store.store(List.of(before, after)).fresh(), "the good ones were stored once");
    }

    @Test
    void a_failure_of_the_database_itself_is_not_blamed_on_the_events(Jdbi jdbi) {
        jdbi.useHandle(h -> h.execute("ALTER TABLE audit_event RENAME TO audit_event_away"));

        assertThrows(JdbiException.class, () -> store.store(List.of(fileUpdate(1, T0, "u1", "f1"))));

        assertEquals(0, dao.countRejected(), "nothing is kept as rejected: the scan fails and reads it again");
    }

    @Test
    void a_rejected_item_holding_a_nul_character_is_kept_with_the_character_escaped() {
        store.reject(List.of(new RejectedEvent("bad user name 'Mal\u0000lory'", "{\"user\":\"Mal\u0000lory\"}")));

        assertEquals(1, dao.countRejected());
    }

    @Test
    void new_events_are_stored_and_returned_once_even_when_repeated_in_the_batch() {
        AuditEntry a = fileUpdate(1, T0, "u1", "f1");
        AuditEntry b = fileUpdate(2, T0, "u1", "f2");

        assertEquals(List.of(a, b), dao.insertNew(List.of(a, b, a)));
        assertEquals(2, dao.count());
    }

    @Test
    void storing_the_same_batch_again_stores_and_returns_nothing() {
        List<AuditEntry> batch = List.of(fileUpdate(1, T0, "u1", "f1"), fileUpdate(2, T0, "u1", "f2"));
        dao.insertNew(batch);

        assertEquals(List.of(), dao.insertNew(batch));
        assertEquals(2, dao.count());
    }

    @Test
    void a_batch_overlapping_an_earlier_one_returns_only_the_events_not_seen_before() {
        dao.insertNew(List.of(fileUpdate(1, T0, "u1", "f1"), fileUpdate(2, T0, "u1", "f2")));
        AuditEntry fresh = fileUpdate(3, T0, "u1", "f3");

        assertEquals(List.of(fresh), dao.insertNew(List.of(fileUpdate(2, T0, "u1", "f2"), fresh)));
        assertEquals(3, dao.count());
    }

    @Test
    void a_stored_event_reads_back_with_every_field_intact() {
        AuditEntry entry = new AuditEntry(42, T0, "u1", "Anna Keller", 5011, "Files moved", List.of(1, 2),
                List.of("17", "folder \"x\""), "{\"id\":42,\"action\":\"Files moved\"}");
        AuditEntry bare = new AuditEntry(43, T0, "u1", null, 6032, null, List.of(), List.of(), "{\"id\":43}");
        dao.insertNew(List.of(entry, bare));

        assertEquals(List.of(entry, bare), dao.between(T0, T0));
    }

    @Test
    void between_includes_both_bounds_and_orders_by_time_then_id() {
        AuditEntry before = fileUpdate(1, T0.minusNanos(1000), "u1", "f0");
        AuditEntry atStartLaterId = fileUpdate(9, T0, "u1", "f1");
        AuditEntry atStart = fileUpdate(5, T0, "u1", "f2");
        AuditEntry atEnd = fileUpdate(2, T0.plusSeconds(60), "u1", "f3");
        AuditEntry after = fileUpdate(3, T0.plusSeconds(60).plusNanos(1000), "u1", "f4");
        dao.insertNew(List.of(before, atStartLaterId, atStart, atEnd, after));

        assertEquals(List.of(atStart, atStartLaterId, atEnd), dao.between(T0, T0.plusSeconds(60)));
    }

    @Test
    void event_times_round_trip_whatever_the_jvm_time_zone() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            dao.insertNew(List.of(fileUpdate(1, T0, "u1", "f1")));
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            assertEquals(T0, dao.byIds(List.of(1L)).get(0).at());
            assertEquals(1, dao.between(T0, T0).size());
        } finally {
            TimeZone.setDefault(original);
        }
        assertEquals(T0, dao.byIds(List.of(1L)).get(0).at());
    }

    @Test
    void an_instant_in_a_repeated_local_hour_keeps_its_offset() {
        // 06:30Z is the second 01:30 in New York on 2025-11-02; a local-time detour would yield 05:30Z.
        Instant secondOneThirty = Instant.parse("2025-11-02T06:30:00Z");
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            dao.insertNew(List.of(fileUpdate(1, secondOneThirty, "u1", "f1")));
            assertEquals(secondOneThirty, dao.byIds(List.of(1L)).get(0).at());
        } finally {
            TimeZone.setDefault(original);
        }
        assertEquals(secondOneThirty, dao.byIds(List.of(1L)).get(0).at());
    }

    @Test
    void by_ids_returns_the_stored_events_among_the_ids_oldest_first() {
        AuditEntry late = fileUpdate(1, T0.plusSeconds(5), "u1", "f1");
        AuditEntry early = fileUpdate(2, T0, "u1", "f2");
        dao.insertNew(List.of(late, early, fileUpdate(3, T0, "u1", "f3")));

        assertEquals(List.of(early, late), dao.byIds(List.of(1L, 2L, 99L)));
        assertEquals(List.of(), dao.byIds(List.of()));
    }

    @Test
    void first_of_user_reads_one_users_events_within_both_bounds_oldest_first_up_to_the_limit() {
        AuditEntry before = fileUpdate(1, T0.minusNanos(1000), "u1", "f0");
        AuditEntry second = fileUpdate(7, T0.plusSeconds(30), "u1", "f1");
        AuditEntry first = fileUpdate(4, T0, "u1", "f2");
        AuditEntry third = fileUpdate(2, T0.plusSeconds(60), "u1", "f3");
        AuditEntry otherUser = fileUpdate(3, T0.plusSeconds(10), "u2", "f4");
        dao.insertNew(List.of(before, second, first, third, otherUser));

        assertEquals(List.of(first, second, third), dao.firstOfUser("u1", T0, T0.plusSeconds(60), 10));
        assertEquals(List.of(first, second), dao.firstOfUser("u1", T0, T0.plusSeconds(60), 2));
    }

    @Test
    void rejected_events_are_kept_with_their_reason() {
        dao.saveRejected(List.of(new RejectedEvent("missing date", "{\"id\":7}"), new RejectedEvent("not JSON", null)));
        dao.saveRejected(List.of());

        assertEquals(2, dao.countRejected());
        assertEquals(0, dao.count());
    }
}
