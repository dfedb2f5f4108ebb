package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** The schema as Flyway builds it; run on each database by a subclass. */
abstract class MigrationBehaviour {

    @Test
    void migration_creates_every_table_empty(Jdbi jdbi) {
        long rows = jdbi.withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM audit_event) + (SELECT count(*) FROM rejected_event)
                     + (SELECT count(*) FROM incident) + (SELECT count(*) FROM incident_file)
                     + (SELECT count(*) FROM incident_event) + (SELECT count(*) FROM audit_trail)
                     + (SELECT count(*) FROM scan_run) + (SELECT count(*) FROM checkpoint)
                """).mapTo(Long.class).one());
        assertEquals(0, rows);
    }

    @Test
    void every_migration_in_db_migration_is_applied_in_order(Jdbi jdbi) throws IOException {
        List<String> expected;
        try (Stream<Path> files = Files.list(Path.of("db/migration"))) {
            expected = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> name.substring(1, name.indexOf("__")))
                    .sorted(Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }
        List<String> versions = jdbi.withHandle(h -> h.createQuery("""
                SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank
                """)
                .mapTo(String.class).list());
        assertEquals(expected, versions);
        assertEquals("1", versions.get(0));
    }

    @Test
    void an_open_incident_must_carry_its_open_key(Jdbi jdbi) {
        // The CHECK keeps the uniqueness guarantee from being bypassed by a row without open_key.
        assertThrows(UnableToExecuteStatementException.class, () -> jdbi.useHandle(h -> h.execute("""
                INSERT INTO incident (user_id, rule, severity, status, file_count, first_event_at, last_event_at,
                                      created_at, updated_at, rules_version, auto_disable, open_key)
                VALUES ('u', 'r', 'high', 'open', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,
                        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'v1', FALSE, NULL)
                """)));
    }
}
