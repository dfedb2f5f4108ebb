package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One leader among the instances on a PostgreSQL schema. Contenders with connections of their own stand for
 * processes; a leader "dies" by having its session terminated, which is what PostgreSQL sees when a process is
 * killed or its host disappears.
 */
class LeadershipTest {
    private final List<String> schemas = new ArrayList<>();
    private final List<Leadership> contenders = new ArrayList<>();

    @AfterEach
    void cleanUp() throws SQLException {
        contenders.forEach(Leadership::close);
        try (Connection connection = DriverManager.getConnection(TestPostgres.url());
             Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema);
            }
        }
    }

    @Test
    void one_contender_leads_and_the_others_follow() {
        String schema = schema();
        Leadership a = contender(schema);
        Leadership b = contender(schema);
        Leadership c = contender(schema);

        assertTrue(a.lead());
        assertFalse(b.lead());
        assertFalse(c.lead());
        assertTrue(a.lead(), "asking again keeps the lead");
        assertTrue(a.leading());
        assertFalse(b.leading());
    }

    @Test
    void when_the_leader_stops_another_takes_the_lead_at_its_next_turn() {
        String schema = schema();
        Leadership a = contender(schema);
        Leadership b = contender(schema);
        assertTrue(a.lead());
        assertFalse(b.lead());

        a.close();

        assertTrue(b.lead());
        assertFalse(a.leading());
    }

    @Test
    void when_the_leaders_session_dies_another_takes_the_lead_and_the_old_leader_notices() throws SQLException {
        String schema = schema();
        Leadership a = contender(schema);
        Leadership b = contender(schema);
        assertTrue(a.lead());
        assertFalse(b.lead());

        terminateLeaderSession();

        assertTrue(b.lead(), "the lock went with the dead session");
        assertFalse(a.lead(), "the old leader finds its session gone and the lead taken");
        b.close();
        assertTrue(a.lead(), "and takes it back on a new session once it is free");
    }

    @Test
    void instances_on_different_schemas_lead_apart() {
        Leadership a = contender(schema());
        Leadership b = contender(schema());

        assertTrue(a.lead());
        assertTrue(b.lead());
    }

    @Test
    void a_database_one_process_opens_is_always_led_by_it() {
        Leadership alone = Leadership.alone();

        assertTrue(alone.lead());
        assertTrue(alone.leading());
    }

    private String schema() {
        String schema = "guard_lead_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(TestPostgres.url());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        schemas.add(schema);
        return schema;
    }

    private Leadership contender(String schema) {
        Leadership leadership = new PostgresLeadership(() -> {
            try {
                Connection connection = DriverManager.getConnection(TestPostgres.url());
                connection.setSchema(schema);
                return connection;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        contenders.add(leadership);
        return leadership;
    }

    /** Ends the session holding the lead of the first schema, as a killed process would, and waits until it is gone. */
    private void terminateLeaderSession() throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestPostgres.url());
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory' "
                    + "AND classid = " + 0x44534732 + " AND granted AND objid = (SELECT hashtext('" + schemas.get(0)
                    + "')::oid)");
        }
    }
}
