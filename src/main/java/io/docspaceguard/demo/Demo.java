package io.docspaceguard.demo;

import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.engine.RuleLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product without a portal: a {@link SimulatedPortal}, an {@link ActivitySimulator} on it, and
 * the service, started by the caller's {@link Launcher}, on a temporary H2 database that {@link #close()} deletes.
 * The {@code demo} command and the tests both start it here.
 *
 * @param <S> the service, as the launcher made it
 */
public final class Demo<S extends Demo.Service> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Demo.class);

    /** Short enough that an incident shows up within a minute of its burst. */
    static final Duration SCAN_INTERVAL = Duration.ofSeconds(15);
    static final Duration SCAN_LAG = Duration.ofSeconds(5);
    static final Duration SCAN_OVERLAP = Duration.ofSeconds(45);
    /** Late rows still fall inside a later scan's window: lateness < lag + overlap - interval. */
    static final Duration MAX_LATENESS = SCAN_LAG.plus(SCAN_OVERLAP).minus(SCAN_INTERVAL).dividedBy(2);

    /**
     * @param live      scans on a schedule and the simulator ticks on its own thread; tests pass false and
     *                  drive both by hand
     * @param simulator when scenarios come and how busy the portal is; its lateness is capped to what the
     *                  scanner can still catch
     */
    public record Options(long seed, ActivitySimulator.Settings simulator, boolean live) {
        public Options {
            Objects.requireNonNull(simulator, "simulator");
        }
    }

    /** What the demo needs of the service it runs: where it listens, and a way to stop it. */
    public interface Service extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    /**
     * Starts the service on the demo's settings, given as environment variables as an operator would give them,
     * against the simulated portal; the composition root supplies it, so the demo builds no service of its own.
     */
    @FunctionalInterface
    public interface Launcher<S extends Service> {
        S start(Map<String, String> env, DocSpaceClient portal, Clock clock) throws RuleLoadException;
    }

    /** The demo's API tokens, one per role, random for each run. */
    public record Tokens(String viewer, String reviewer, String admin) {
        static Tokens random() {
            return new Tokens(secret(), secret(), secret());
        }

        private static String secret() {
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }
    }

    private final SimulatedPortal portal;
    private final ActivitySimulator simulator;
    private final S service;
    private final ActivitySimulator.Settings settings;
    private final Tokens tokens;
    private final Path databaseDir;

    private Demo(SimulatedPortal portal, ActivitySimulator simulator, ActivitySimulator.Settings settings, S service,
                 Tokens tokens, Path databaseDir) {
        this.portal = portal;
        this.simulator = simulator;
        this.settings = settings;
        this.service = service;
        this.tokens = tokens;
        this.databaseDir = databaseDir;
    }

    /**
     * Starts portal, simulator and service. Of {@code env} only GUARD_RULES_DIR and GUARD_HTTP_PORT are
     * read: the demo never talks to a real portal or a real database, whatever else is set.
     */
    public static <S extends Service> Demo<S> start(Options options, Map<String, String> env, Clock clock,
                                                    Launcher<S> launcher) throws RuleLoadException {
        Path databaseDir = temporaryDirectory();
        SimulatedPortal portal = null;
        ActivitySimulator simulator = null;
        try {
            portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE).start(0);
            ActivitySimulator.Settings wanted = options.simulator();
            Duration lateness = wanted.maxLateness().compareTo(MAX_LATENESS) > 0 ? MAX_LATENESS : wanted.maxLateness();
            ActivitySimulator.Settings settings = new ActivitySimulator.Settings(wanted.scenarioEvery(),
                    wanted.firstScenarioAfter(), wanted.backgroundGap(), lateness);
            simulator = new ActivitySimulator(portal, clock, options.seed(), settings);
            Tokens tokens = Tokens.random();
            HttpDocSpaceClient client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(),
                    new HttpDocSpaceClient.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10), 2,
                            Duration.ofMillis(200), Duration.ofSeconds(2)));
            S service = launcher.start(serviceEnv(env, portal, databaseDir, tokens, options.live()), client, clock);
            if (options.live()) {
                simulator.startTicking(Duration.ofSeconds(1));
            }
            return new Demo<>(portal, simulator, settings, service, tokens, databaseDir);
        } catch (RuleLoadException | RuntimeException e) {
            if (simulator != null) {
                simulator.close();
            }
            if (portal != null) {
                portal.close();
            }
            delete(databaseDir);
            throw e;
        }
    }

    private static Map<String, String> serviceEnv(Map<String, String> env, SimulatedPortal portal, Path databaseDir,
                                                  Tokens tokens, boolean live) {
        Map<String, String> demo = new HashMap<>();
        copy(env, demo, "GUARD_RULES_DIR");
        copy(env, demo, "GUARD_HTTP_PORT");
        demo.put("DOCSPACE_API_HOST", portal.baseUrl());
        demo.put("DOCSPACE_API_KEY", portal.apiKey());
        demo.put("GUARD_DB_URL", "jdbc:h2:file:" + databaseDir.resolve("guard").toAbsolutePath());
        // Loopback only: the tokens are printed on the terminal and the data is invented.
        demo.put("GUARD_HTTP_HOST", "127.0.0.1");
        demo.put("GUARD_SCAN_INTERVAL", live ? SCAN_INTERVAL.toString() : "0");
        demo.put("GUARD_SCAN_LAG", SCAN_LAG.toString());
        demo.put("GUARD_SCAN_OVERLAP", SCAN_OVERLAP.toString());
        demo.put("GUARD_INITIAL_LOOKBACK", "PT10M");
        demo.put("GUARD_API_TOKENS", "demo-viewer:viewer:" + tokens.viewer() + ",demo-reviewer:reviewer:"
                + tokens.reviewer() + ",demo-admin:admin:" + tokens.admin());
        return demo;
    }

    private static void copy(Map<String, String> from, Map<String, String> to, String name) {
        if (from.get(name) != null) {
            to.put(name, from.get(name));
        }
    }

    public S service() {
        return service;
    }

    public SimulatedPortal portal() {
        return portal;
    }

    public ActivitySimulator simulator() {
        return simulator;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** Where the temporary database lives until {@link #close()}. */
    Path databaseDir() {
        return databaseDir;
    }

    public String consoleUrl() {
        return "http://127.0.0.1:" + service.port() + "/";
    }

    /** What the demo command prints: that this is a simulation, where to look, and the tokens to use. */
    public List<String> banner() {
        return List.of(
                "docspace-guard demo: a SIMULATION - a built-in fake DocSpace portal with invented people and "
                        + "activity; no real portal is contacted.",
                "console:        " + consoleUrl(),
                "reviewer token: " + tokens.reviewer(),
                "admin token:    " + tokens.admin(),
                "viewer token:   " + tokens.viewer(),
                "a scenario (burst, mass deletion, downloader, re-saver in turn) every " + settings.scenarioEvery()
                        + ", the first after " + settings.firstScenarioAfter() + "; scans every " + SCAN_INTERVAL
                        + ". Ctrl+C stops and deletes the demo database.");
    }

    @Override
    public void close() {
        simulator.close();
        service.close();
        portal.close();
        delete(databaseDir);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("docspace-guard-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo database directory", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("could not delete the demo database {}: {}", dir, e.toString());
        }
    }
}
