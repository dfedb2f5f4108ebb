package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Database set-up that needs no running database. */
class DatabaseTest {

    @Test
    void an_h2_url_gets_the_postgresql_compatibility_options() {
        assertEquals("jdbc:h2:file:./data/docspace-guard;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                Database.withH2Options(Database.DEFAULT_URL));
    }

    @Test
    void options_an_h2_url_already_sets_are_not_added_twice() {
        assertEquals("jdbc:h2:mem:x;mode=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                Database.withH2Options("jdbc:h2:mem:x;mode=PostgreSQL"));
    }

    @Test
    void only_embedded_h2_file_databases_are_backed_up_before_migrating() {
        assertTrue(H2MigrationBackup.of("jdbc:h2:file:./data/docspace-guard;MODE=PostgreSQL").isPresent());
        assertTrue(H2MigrationBackup.of("jdbc:h2:./data/docspace-guard").isPresent());
        assertTrue(H2MigrationBackup.of("jdbc:h2:~/guard").isPresent());
        assertFalse(H2MigrationBackup.of("jdbc:h2:mem:guard;DB_CLOSE_DELAY=-1").isPresent());
        assertFalse(H2MigrationBackup.of("jdbc:h2:tcp://db:9092/guard").isPresent());
        assertFalse(H2MigrationBackup.of("jdbc:postgresql://db:5432/guard").isPresent());
    }

    @Test
    void a_postgresql_url_is_used_as_given() {
        String url = "jdbc:postgresql://db:5432/guard";
        assertEquals(url, Database.withH2Options(url));
    }

    @Test
    void an_unreachable_database_is_reported_with_its_url_and_without_the_password() {
        DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open(
                "jdbc:postgresql://127.0.0.1:1/guard?user=guard&password=hunter2", "guard", "hunter2"));
        assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:1/guard?user=guard&password=***"),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertEquals(null, e.getCause(), "the driver's exception could print the password");
    }

    @Test
    void a_url_no_driver_understands_is_reported_without_the_password() {
        DatabaseException e = assertThrows(DatabaseException.class,
                () -> Database.open("jdbc:nosuchdb://host/db;password=hunter2", "u", "hunter2"));
        assertTrue(e.getMessage().startsWith("cannot connect to database jdbc:nosuchdb://host/db;password=***"),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
