package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
    void migration_records_version_1_as_applied(Jdbi jdbi) {
        List<String> versions = jdbi.withHandle(h -> h.createQuery("""
                SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank
                """)
                .mapTo(String.class).list());
        assertEquals(List.of("1"), versions);
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
