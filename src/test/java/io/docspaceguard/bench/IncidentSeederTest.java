package io.docspaceguard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.incident.IncidentDetail;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.incident.IncidentTimeline;
import io.docspaceguard.store.FreshDatabase;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API benchmark's seed, read back through the service's own code on PostgreSQL. */
class IncidentSeederTest {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.postgres();

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void every_seeded_incident_has_its_files_events_and_history_as_the_service_reads_them(Jdbi jdbi)
            throws Exception {
        IncidentSeeder.Seed seed = new IncidentSeeder(jdbi).ensure(200, NOW);

        assertEquals(200, seed.incidents());
        assertFalse(seed.reused());
        IncidentService service = new IncidentService(jdbi, Clock.systemUTC());
        long newest = service.list(IncidentFilter.all()).items().get(0).id();
        for (long id = newest - 199; id <= newest; id += 4) { // every fourth: each read opens a connection
            IncidentDetail detail = service.get(id).orElseThrow();
            assertEquals(detail.incident().fileCount(), detail.fileIds().size(), detail.incident().toString());
            assertEquals(detail.incident().fileCount(), detail.events().size(), detail.incident().toString());
            assertEquals("open", detail.history().get(0).action());
            assertEquals(detail.incident().status() == IncidentStatus.OPEN, detail.history().stream()
                    .noneMatch(t -> t.action().equals("approve") || t.action().equals("dismiss")), detail.toString());
            // The timeline draws file events: all of a file rule's counted events, none of a folder or room rule's.
            IncidentTimeline timeline = service.timeline(id).orElseThrow();
            boolean files = detail.events().get(0).entries().get(0) == 1;
            assertEquals(files ? detail.incident().fileCount() : 0,
                    timeline.events().stream().filter(IncidentTimeline.Event::counted).count());
        }
        assertTrue(service.list(new IncidentFilter(IncidentStatus.OPEN, null, null, null, null, null, null))
                .items().size() > 0);
        assertTrue(service.list(new IncidentFilter(IncidentStatus.DISMISSED, null, null, null, null, null, null))
                .items().size() > 0);
    }

    @Test
    void a_complete_seed_of_the_asked_size_is_reused_and_any_other_is_replaced(Jdbi jdbi) throws Exception {
        new IncidentSeeder(jdbi).ensure(120, NOW);

        assertTrue(new IncidentSeeder(jdbi).ensure(120, NOW).reused());
        IncidentSeeder.Seed smaller = new IncidentSeeder(jdbi).ensure(80, NOW);
        assertFalse(smaller.reused());
        long incidents = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM incident").mapTo(Long.class).one());
        assertEquals(80, incidents);
        long events = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM audit_event").mapTo(Long.class).one());
        assertEquals(smaller.events(), events);
    }
}
