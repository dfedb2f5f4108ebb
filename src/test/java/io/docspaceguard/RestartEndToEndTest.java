package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.docspaceguard.docspace.FakeDocSpace;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart between two scans: the second app, built on the same (in-memory, kept open) H2 database, goes on
 * from where the first one stopped. Overlap 5 minutes, lag 2 minutes (the defaults).
 */
class RestartEndToEndTest {
    static final String REVIEWER = "reviewer-token-0123456789";
    static final String VIEWER = "viewer-token-0123456789";

    @TempDir
    Path rules;
    private final FakeDocSpace portal = new FakeDocSpace();
    private final MutableClock clock = new MutableClock(at("11:00:00"));
    private final String dbUrl = "jdbc:h2:mem:restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private App app;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.toList()) {
                Files.copy(file, rules.resolve(file.getFileName()));
            }
        }
        portal.start();
        startApp();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        portal.close();
    }

    @Test
    void after_a_restart_the_scan_goes_on_from_the_saved_checkpoint_and_stores_nothing_twice() throws Exception {
        series("anna", "09:00:00", 10, 25);                    // a burst: one incident
        series("carl", "10:54:00", 60, 3);                     // ordinary work inside the next overlap
        JsonNode first = scan().body();
        assertEquals(at("10:58:00").toString(), first.path("to").asText());
        assertEquals(28, first.path("eventsNew").asInt());
        assertEquals(1, first.path("incidentsOpened").asInt());

        restartAt("11:10:00");
        series("dina", "10:56:30", 20, 2);                     // written late: before the old checkpoint
        series("dina", "11:01:00", 60, 2);                     // after it
        JsonNode second = scan().body();

        assertEquals(at("10:53:00").toString(), second.path("from").asText(), "old checkpoint less the overlap");
        assertEquals(at("11:08:00").toString(), second.path("to").asText());
        assertEquals(7, second.path("eventsRead").asInt(), "carl's 3 are read again");
        assertEquals(4, second.path("eventsNew").asInt(), "only dina's 4 are new");
        assertEquals(0, second.path("incidentsOpened").asInt());
        JsonNode runs = api.get("/api/scans", VIEWER).body().path("items");
        assertEquals(2, runs.size(), "the first app's scan run was kept");

        JsonNode whole = api.post("/api/scans", REVIEWER,
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
    void a_burst_straddling_the_restart_opens_exactly_one_incident() throws Exception {
        series("gina", "10:50:00", 30, 12);                    // 12 files before the first scan: below the threshold
        JsonNode first = scan().body();
        assertEquals(0, first.path("incidentsOpened").asInt());

        restartAt("11:10:00");
        series("gina", "10:56:00", 20, 5, "gina-late-");        // late rows from before the old checkpoint
        series("gina", "10:58:30", 20, 8, "gina-after-");       // and the rest after the restart
        JsonNode second = scan().body();
        JsonNode third = scan().body();

        assertEquals(1, second.path("incidentsOpened").asInt());
        assertEquals(0, third.path("incidentsOpened").asInt());
        JsonNode items = incidents();
        assertEquals(1, items.size());
        assertEquals("gina", items.get(0).path("userId").asText());
        assertEquals(25, items.get(0).path("fileCount").asInt());
    }

    private void restartAt(String time) throws Exception {
        app.close();
        app = null;
        clock.set(at(time));
        startApp();
    }

    private void startApp() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DOCSPACE_API_HOST", portal.baseUrl());
        env.put("DOCSPACE_API_KEY", portal.apiKey());
        env.put("GUARD_DB_URL", dbUrl);
        env.put("GUARD_HTTP_PORT", "0");
        env.put("GUARD_RULES_DIR", rules.toString());
        env.put("GUARD_SCAN_INTERVAL", "0");
        env.put("GUARD_INITIAL_LOOKBACK", "PT6H");
        env.put("GUARD_API_TOKENS", "vera:viewer:" + VIEWER + ",rick:reviewer:" + REVIEWER);
        Config config = Config.fromEnv(env);
        HttpDocSpaceClient client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(),
                new HttpDocSpaceClient.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 1,
                        Duration.ofMillis(10), Duration.ofMillis(50)));
        app = App.create(config, client, clock).start();
        api = new ApiClient(app.port());
    }

    private ApiClient.Answer scan() {
        ApiClient.Answer answer = api.post("/api/scans", REVIEWER, "");
        assertEquals(200, answer.status(), answer.text());
        assertEquals("ok", answer.body().path("status").asText(), answer.text());
        return answer;
    }

    private JsonNode incidents() {
        return api.get("/api/incidents", VIEWER).body().path("items");
    }

    private void series(String user, String start, int everySeconds, int count) {
        series(user, start, everySeconds, count, user + "-f");
    }

    /** {@code count} distinct files updated {@code everySeconds} apart. */
    private void series(String user, String start, int everySeconds, int count, String filePrefix) {
        for (int n = 0; n < count; n++) {
            portal.addEvent(at(start).plusSeconds((long) n * everySeconds), user, 5034, filePrefix + n);
        }
    }

    static Instant at(String time) {
        return Instant.parse("2025-05-14T" + time + "Z");
    }
}
