package io.docspaceguard;

import io.docspaceguard.docspace.FakeDocSpace;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.engine.RuleLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole service for end-to-end tests: {@link App#create} on a fresh in-memory H2 database, a copy of
 * ./rules, a fake DocSpace portal and a clock the test moves. {@link #restart()} keeps database and portal.
 */
public final class GuardFixture implements AutoCloseable {
    public static final String VIEWER = "viewer-token-0123456789";
    public static final String REVIEWER = "reviewer-token-0123456789";
    public static final String ADMIN = "admin-token-0123456789abc";
    /** The day the tests' activity happens on. */
    public static final String DAY = "2025-05-14";

    public final FakeDocSpace portal = new FakeDocSpace();
    public final MutableClock clock;
    public final Path rules;
    private final Map<String, String> env = new HashMap<>();
    private App app;
    private ApiClient api;

    /** @param settings extra or overriding environment variables */
    public GuardFixture(Path workDir, Instant now, Map<String, String> settings) {
        this.clock = new MutableClock(now);
        this.rules = copyRules(workDir.resolve("rules"));
        portal.start();
        env.put("DOCSPACE_API_HOST", portal.baseUrl());
        env.put("DOCSPACE_API_KEY", portal.apiKey());
        env.put("GUARD_DB_URL", "jdbc:h2:mem:guard-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        env.put("GUARD_HTTP_PORT", "0");
        env.put("GUARD_RULES_DIR", rules.toString());
        env.put("GUARD_SCAN_INTERVAL", "0");
        env.put("GUARD_INITIAL_LOOKBACK", "PT6H");
        env.put("GUARD_API_TOKENS", "vera:viewer:" + VIEWER + ",rick:reviewer:" + REVIEWER + ",ada:admin:" + ADMIN);
        env.putAll(settings);
    }

    public GuardFixture start() {
        try {
            HttpDocSpaceClient client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(),
                    new HttpDocSpaceClient.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 1,
                            Duration.ofMillis(10), Duration.ofMillis(50)));
            app = App.create(Config.fromEnv(env), client, clock).start();
        } catch (RuleLoadException e) {
            throw new IllegalStateException(e);
        }
        api = new ApiClient(app.port());
        return this;
    }

    /** Stops the service and starts a new one on the same database and portal, as after a restart. */
    public GuardFixture restart() {
        app.close();
        return start();
    }

    public App app() {
        return app;
    }

    public ApiClient api() {
        return api;
    }

    /** Runs one scan as the reviewer (optional body: a backfill window); fails unless it answers 200. */
    public ApiClient.Answer scan(String body) {
        ApiClient.Answer answer = api.post("/api/scans", REVIEWER, body);
        if (answer.status() != 200) {
            throw new AssertionError("scan answered " + answer.status() + ": " + answer.text());
        }
        return answer;
    }

    /** {@code count} file events of {@code user}, {@code everySeconds} apart, cycling through {@code files} files. */
    public void series(String user, int actionId, String start, int everySeconds, int count, int files) {
        series(user, actionId, start, everySeconds, count, files, user + "-f");
    }

    /** As above, with file ids {@code filePrefix + n}, so that two series can touch different files. */
    public void series(String user, int actionId, String start, int everySeconds, int count, int files,
                       String filePrefix) {
        for (int n = 0; n < count; n++) {
            portal.addEvent(at(start).plusSeconds((long) n * everySeconds), user, actionId, filePrefix + (n % files));
        }
    }

    /** A time of {@link #DAY}, UTC: {@code at("09:00:00")}. */
    public static Instant at(String time) {
        return Instant.parse(DAY + "T" + time + "Z");
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        portal.close();
    }

    private static Path copyRules(Path target) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(Path.of("rules"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
