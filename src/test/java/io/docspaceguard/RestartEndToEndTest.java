package io.docspaceguard;

import static io.docspaceguard.GuardFixture.REVIEWER;
import static io.docspaceguard.GuardFixture.VIEWER;
import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart between two scans: the second app, built on the same (in-memory, kept open) H2 database, goes on
 * from where the first one stopped. Overlap 5 minutes (the default), lag 2 minutes (set here: the default is 5 s).
 */
class RestartEndToEndTest {
    @TempDir
    Path work;
    private GuardFixture guard;

    @BeforeEach
    void start() {
        // The times below are worked out for a two-minute lag, the default when the test was written.
        guard = new GuardFixture(work, at("11:00:00"), Map.of("GUARD_SCAN_LAG", "PT2M")).start();
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void after_a_restart_the_scan_goes_on_from_the_saved_checkpoint_and_stores_nothing_twice() {
        guard.series("anna", 5034, "09:00:00", 10, 25, 25);               // a burst: one incident
        guard.series("carl", 5034, "10:54:00", 60, 3, 3);                 // ordinary work inside the next overlap
        JsonNode first = scan().body();
        assertEquals(at("10:58:00").toString(), first.path("to").asText());
        assertEquals(28, first.path("eventsNew").asInt());
        assertEquals(1, first.path("incidentsOpened").asInt());

        restartAt("11:10:00");
        guard.series("dina", 5034, "10:56:30", 20, 2, 2);                 // written late: before the old checkpoint
        guard.series("dina", 5034, "11:01:00", 60, 2, 2);                 // after it
        JsonNode second = scan().body();

        assertEquals(at("10:53:00").toString(), second.path("from").asText(), "old checkpoint less the overlap");
        assertEquals(at("11:08:00").toString(), second.path("to").asText());
        assertEquals(7, second.path("eventsRead").asInt(), "carl's 3 are read again");
        assertEquals(4, second.path("eventsNew").asInt(), "only dina's 4 are new");
        assertEquals(0, second.path("incidentsOpened").asInt());
        JsonNode runs = guard.api().get("/api/scans", VIEWER).body().path("items");
        assertEquals(2, runs.size(), "the first app's scan run was kept");

        JsonNode whole = guard.api().post("/api/scans", REVIEWER,
                "{\"from\":\"2025-05-14T08:00:00Z\",\"to\":\"2025-05-14T11:08:00Z\"}").body();
        assertEquals(32, whole.path("eventsRead").asInt());
        assertEquals(0, whole.path("eventsNew").asInt());
        assertEquals(0, whole.path("incidentsOpened").asInt());
        assertEquals(0, whole.path("incidentsExtended").asInt());
        JsonNode items = incidents();
        assertEquals(1, items.size());
        assertEquals("anna", items.get(0).path("userId").asText());
        assertEquals(25, items.get(0).path("fileCount").asInt());
    }

    @Test
    void a_burst_straddling_the_restart_opens_exactly_one_incident() {
        guard.series("gina", 5034, "10:50:00", 30, 12, 12);               // 12 files before the first scan: too few
        JsonNode first = scan().body();
        assertEquals(0, first.path("incidentsOpened").asInt());

        restartAt("11:10:00");
        guard.series("gina", 5034, "10:56:00", 20, 5, 5, "gina-late-");   // late rows from before the old checkpoint
        guard.series("gina", 5034, "10:58:30", 20, 8, 8, "gina-after-");  // and the rest after the restart
        JsonNode second = scan().body();
        JsonNode third = scan().body();

        assertEquals(1, second.path("incidentsOpened").asInt());
        assertEquals(0, third.path("incidentsOpened").asInt());
        JsonNode items = incidents();
        assertEquals(1, items.size());
        assertEquals("gina", items.get(0).path("userId").asText());
        assertEquals(25, items.get(0).path("fileCount").asInt());
    }

    private void restartAt(String time) {
        guard.clock.set(at(time));
        guard.restart();
    }

    private ApiClient.Answer scan() {
        ApiClient.Answer answer = guard.scan("");
        assertEquals("ok", answer.body().path("status").asText(), answer.text());
        return answer;
    }

    private JsonNode incidents() {
        return guard.api().get("/api/incidents", VIEWER).body().path("items");
    }
}
