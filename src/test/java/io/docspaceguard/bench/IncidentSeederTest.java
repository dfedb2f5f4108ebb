package io.docspaceguard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.docspaceguard.incident.IncidentDetail;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.incident.IncidentTimeline;
import io.docspaceguard.store.Database;
import io.docspaceguard.store.FreshDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API benchmark's seed, read back through the service's own code on PostgreSQL. */
class IncidentSeederTest {
    private String schema;

    @BeforeEach
    void needsPostgres() {
        assumeTrue(!FreshDatabase.POSTGRES_URL.isEmpty(), "PostgreSQL tests skipped: -Dguard.test.postgres.url is empty");
        schema = "bench_seed_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            Flyway.configure().dataSource(FreshDatabase.POSTGRES_URL, null, null).schemas(schema).cleanDisabled(false)
                    .load().clean();
        }
    }

    @Test
    void every_seeded_incident_has_its_files_events_and_history_as_the_service_reads_them() throws Exception {
        IncidentSeeder.Seed seed = seeder().ensure(200, Instant.parse("2026-11-30T12:00:00Z"));

        assertEquals(200, seed.incidents());
        assertFalse(seed.reused());
        Jdbi jdbi = Database.open(FreshDatabase.POSTGRES_URL, null, null, schema).jdbi();
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
    void a_complete_seed_of_the_asked_size_is_reused_and_any_other_is_replaced() throws Exception {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        seeder().ensure(120, now);

        assertTrue(seeder().ensure(120, now).reused());
        IncidentSeeder.Seed smaller = seeder().ensure(80, now);
        assertFalse(smaller.reused());
        long incidents = Database.open(FreshDatabase.POSTGRES_URL, null, null, schema).jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM incident").mapTo(Long.class).one());
        assertEquals(80, incidents);
    }

    private IncidentSeeder seeder() {
        return new IncidentSeeder(FreshDatabase.POSTGRES_URL, null, null, schema);
    }
}
