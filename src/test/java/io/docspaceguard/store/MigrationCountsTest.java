package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.incident.RuleStats;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Incidents stored before migration V11 are counted by it: the counts start as those of the incidents. */
class MigrationCountsTest {
    private static final Instant AT = Instant.parse("2025-05-14T09:00:00Z");

    @Test
    void h2_incidents_stored_before_the_counts_existed_are_counted_by_the_migration() throws Exception {
        String url = Database.withH2Options("jdbc:h2:mem:v11_" + UUID.randomUUID().toString().replace("-", ""));
        try (Connection keeper = DriverManager.getConnection(url, "sa", "")) {
            Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("10").load()
                    .migrate();
            storeBeforeV11(Jdbi.create(url, "sa", ""));
            try (Database database = Database.open(url, "sa", "")) {
                assertCounted(database.jdbi());
            }
        }
    }

    @Test
    void postgres_incidents_stored_before_the_counts_existed_are_counted_by_the_migration() {
        String schema = "guard_v11_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Flyway flyway = Flyway.configure().dataSource(TestPostgres.url(), null, null).schemas(schema)
                .defaultSchema(schema).locations("classpath:db/migration").cleanDisabled(false).target("10").load();
        try {
            flyway.migrate();
            storeBeforeV11(Jdbi.create(TestPostgres.url() + "&currentSchema=" + schema));
            try (Database database = Database.open(TestPostgres.url(), null, null, schema)) {
                assertCounted(database.jdbi());
            }
        } finally {
            flyway.clean();
        }
    }

    /** Four incidents: two names of one user, a nameless one, and each kind of status and dismissal. */
    private static void storeBeforeV11(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            String insert = """
                    INSERT INTO incident (user_id, user_name, rule, severity, status, file_count, first_event_at,
                                          last_event_at, created_at, updated_at, rules_version, auto_disable, open_key,
                                          dismissal_reason)
                    VALUES (?, ?, ?, 'high', ?, 1, ?, ?, ?, ?, 'v1', FALSE, ?, ?)""";
            h.execute(insert, "u1", "Anna Keller", "bulk-file-changes", "open", AT, AT, AT, AT,
                    "u1/bulk-file-changes", null);
            h.execute(insert, "u1", "Anna Schmidt", "mass-deletion", "dismissed", AT, AT, AT, AT, null,
                    "false_positive");
            h.execute(insert, "u2", null, "bulk-file-changes", "disabled", AT, AT, AT, AT, null, null);
            h.execute(insert, "u3", "Mark Olsen", "bulk-file-changes", "dismissed", AT, AT, AT, AT, null,
                    "expected_activity");
        });
    }

    private static void assertCounted(Jdbi jdbi) {
        IncidentService service = new IncidentService(jdbi, Clock.systemUTC());
        assertEquals(Map.of(IncidentStatus.OPEN, 1, IncidentStatus.DISABLED, 1, IncidentStatus.DISMISSED, 2,
                IncidentStatus.REENABLED, 0), service.countByStatus(IncidentFilter.all()));
        assertEquals(Map.of(IncidentStatus.OPEN, 1, IncidentStatus.DISABLED, 0, IncidentStatus.DISMISSED, 1,
                IncidentStatus.REENABLED, 0), service.countByStatus(byName("ANNA")));
        assertEquals(Map.of(IncidentStatus.OPEN, 0, IncidentStatus.DISABLED, 0, IncidentStatus.DISMISSED, 1,
                IncidentStatus.REENABLED, 0), service.countByStatus(byName("schmidt")));
        List<RuleStats> stats = service.ruleStats();
        assertEquals(List.of("bulk-file-changes", "mass-deletion"), stats.stream().map(RuleStats::rule).toList());
        assertEquals(Map.of("open", 1, "disabled", 1, "dismissed", 1, "reenabled", 0), stats.get(0).byStatus());
        assertEquals(Map.of("false_positive", 0, "expected_activity", 1, "handled_elsewhere", 0),
                stats.get(0).dismissedBy());
        assertEquals(1, stats.get(1).dismissedBy().get("false_positive"));
        assertEquals(1, service.list(byName("keller")).items().size());
    }

    private static IncidentFilter byName(String userName) {
        return new IncidentFilter(null, null, null, null, null, null, null, null, null, null, userName);
    }
}
