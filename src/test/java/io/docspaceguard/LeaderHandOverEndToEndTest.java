package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.store.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the service on one PostgreSQL schema, each with its schedule on: one scans, both serve the API,
 * and when the scanning one stops the other takes over within seconds.
 */
class LeaderHandOverEndToEndTest {
    private static final Duration HAND_OVER_LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path work;
    private String schema;
    private final List<GuardFixture> instances = new ArrayList<>();

    @BeforeEach
    void schema() throws SQLException {
        schema = "guard_ho_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void stop() throws SQLException {
        instances.forEach(GuardFixture::close);
        if (schema != null) {
            sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void one_instance_scans_both_serve_and_the_other_takes_over_when_it_stops() throws Exception {
        GuardFixture a = instance("a");
        GuardFixture b = instance("b");
        awaitScans(2, null);

        List<String> scanners = scheduledScanInstances();
        assertEquals(1, scanners.size(), "one instance scans: " + scanners);
        boolean aLeads = leads(a);
        assertNotEquals(aLeads, leads(b), "exactly one reports the lead in /health");
        assertEquals(200, a.api().get("/api/incidents", GuardFixture.VIEWER).status());
        assertEquals(200, b.api().get("/api/incidents", GuardFixture.VIEWER).status());

        GuardFixture leader = aLeads ? a : b;
        GuardFixture follower = aLeads ? b : a;
        String stopped = scanners.get(0);
        leader.close();
        instances.remove(leader);

        Instant deadline = Instant.now().plus(HAND_OVER_LIMIT);
        awaitScans(1, stopped);
        assertTrue(Instant.now().isBefore(deadline), "the follower scanned within " + HAND_OVER_LIMIT);
        assertTrue(leads(follower));
        assertEquals(2, scheduledScanInstances().size());
    }

    private GuardFixture instance(String name) {
        GuardFixture fixture = new GuardFixture(work.resolve(name), GuardFixture.at("11:00:00"), Map.of(
                "GUARD_DB_URL", TestPostgres.url() + "&currentSchema=" + schema,
                "GUARD_SCAN_INTERVAL", "PT1S")).start();
        instances.add(fixture);
        return fixture;
    }

    private static boolean leads(GuardFixture instance) {
        return instance.api().get("/health", null).text().contains("\"leader\":true");
    }

    /** Waits until {@code count} scheduled scans ran on instances other than {@code except}. */
    private void awaitScans(int count, String except) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (scheduledScans(except) < count) {
            assertTrue(Instant.now().isBefore(deadline), "no scheduled scan within 60 s");
            Thread.sleep(100);
        }
    }

    private int scheduledScans(String except) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM scan_run WHERE trigger_kind = 'schedule'"
                     + (except == null ? "" : " AND instance_id <> '" + except + "'"))) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> scheduledScanInstances() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT instance_id FROM scan_run WHERE trigger_kind = 'schedule'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(TestPostgres.url());
        connection.setSchema(schema);
        return connection;
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.url()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
