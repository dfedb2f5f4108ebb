package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What /health and /metrics read, on a database of their own so that it can be closed under them. */
class DatabaseStatsTest {

    @Test
    void a_fresh_database_answers_and_has_no_totals_yet() {
        // Kept until closed: an in-memory H2 database otherwise vanishes whenever the pool holds no connection.
        try (Database database = Database.open("jdbc:h2:mem:stats_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
                "")) {
            DatabaseStats stats = new DatabaseStats(database.jdbi());

            assertTrue(stats.answers());
            assertEquals(List.of(), stats.scanTotals());
            assertEquals(List.of(), stats.incidentCounts());
        }
    }

    @Test
    void a_database_that_cannot_be_reached_does_not_answer_and_throws_nothing() {
        Database database = Database.open("jdbc:h2:mem:stats_" + UUID.randomUUID(), "sa", "");
        DatabaseStats stats = new DatabaseStats(database.jdbi());
        database.close();

        assertFalse(stats.answers());
    }
}
