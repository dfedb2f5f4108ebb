package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed while migrating the default H2 database: the next start must succeed. The migration runs
 * in a child JVM that halts after a chosen statement, which is what {@code kill -9} does to it.
 */
class MigrationCrashTest {
    @TempDir
    Path dir;

    @Test
    void a_start_killed_while_creating_a_fresh_database_is_followed_by_a_start_that_succeeds() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("guard");

        assertEquals(137, migrateAndDieAfter(url, 4), "the child died mid-migration");
        Database database = Database.open(url, "sa", "");

        assertEquals(migrationFiles(), appliedVersions(database.jdbi()));
        long incidents = database.jdbi().withHandle(h -> h.select("SELECT count(*) FROM incident")
                .mapTo(Long.class).one());
        assertEquals(0, incidents);
        assertFalse(Files.exists(dir.resolve("guard.migration-backup.zip")), "the backup is gone once migrated");
    }

    @Test
    void a_start_killed_while_upgrading_a_database_keeps_its_data_and_the_next_start_finishes_the_upgrade()
            throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("guard");
        String fullUrl = Database.withH2Options(url);
        Flyway.configure().dataSource(fullUrl, "sa", "").locations("classpath:db/migration").target("4").load()
                .migrate();
        Jdbi.create(fullUrl, "sa", "").useHandle(h -> h.execute("""
                INSERT INTO scan_run (started_at, trigger_kind, window_from, window_to, status)
                VALUES (?, 'schedule', ?, ?, 'ok')""", Instant.EPOCH, Instant.EPOCH, Instant.EPOCH));

        assertEquals(137, migrateAndDieAfter(url, 3), "the child died in the middle of V5");
        Database database = Database.open(url, "sa", "");

        assertEquals(migrationFiles(), appliedVersions(database.jdbi()));
        assertEquals(List.of("scan"), database.jdbi().withHandle(h -> h.select("SELECT kind FROM scan_run")
                .mapTo(String.class).list()), "the row written before the upgrade is there, upgraded");
    }

    private static int migrateAndDieAfter(String url, int statements) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MigrationCrash.class.getName(), url,
                String.valueOf(statements))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child finished");
        return child.exitValue();
    }

    private static List<String> appliedVersions(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.select("""
                SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank
                """).mapTo(String.class).list());
    }

    private static List<String> migrationFiles() throws IOException {
        try (var files = Files.list(Path.of("db/migration"))) {
            return files.map(f -> f.getFileName().toString())
                    .map(name -> name.substring(1, name.indexOf("__")))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).toList();
        }
    }
}
