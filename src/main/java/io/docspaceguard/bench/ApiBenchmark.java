package io.docspaceguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.docspaceguard.demo.SimulatedPortal;
import io.docspaceguard.http.HttpApi;
import io.docspaceguard.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * API latency at fixed arrival rates on a seeded year of incidents in PostgreSQL. The real service ({@code serve} in a
 * child JVM started with the operator's options, scheduled scans off, a simulated portal it never needs to call)
 * serves its HTTP API from a schema of the benchmark's own; an open loop in this process sends the console's read
 * routes in turn at each rate, {@code repeat} times, and the medians of the runs are reported beside each route's
 * floor: the time of the statements it issues, run on one open connection. The service's heap, processor and peak
 * resident memory are its own, not shared with the load generator. The same load on {@link HttpFloor}, the web server
 * alone in a JVM with the same options, is the floor of each rate: what the machine and HTTP cost before any work.
 */
public final class ApiBenchmark {
    private static final String TOKEN = "bench-api-viewer-token-0123456789";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int SQL_RUNS = 300;
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * @param schema     the benchmark's own schema: created, seeded and reused; nothing else is touched
     * @param rulesDir   the rules the service loads (they only matter for {@code /api/rules})
     * @param jvmOptions options of the service's JVM, as an operator would give them; none means the recommended ones
     * @param warmup     load before the measured runs, not counted: a fresh JVM compiles as it goes
     */
    public record Settings(String dbUrl, String dbUser, String dbPassword, String schema, int incidents,
                           List<Integer> rates, Duration perRate, int repeat, Path rulesDir, List<String> jvmOptions,
                           Duration warmup) {
        public Settings {
            jvmOptions = RecommendedJvm.or(jvmOptions);
        }
    }

    /** One route at one rate: medians over the runs, errors summed. */
    public record RouteFigures(String route, int requests, double p50, double p99, int errors) {
    }

    /**
     * One rate: {@code requests} per run; latencies and achieved rate are medians over the runs, errors a sum.
     *
     * @param errorKinds  HTTP status or reason of each error ("timeout", "ConnectException"), summed over the runs
     * @param floor       the same load on {@link HttpFloor}: what the machine, the JVM and HTTP cost alone
     * @param floorErrors errors of the floor's runs, summed
     * @param cpuMillisPerRequest      the service's processor time over a run divided by its requests, median over
     *                                 the runs: less noisy than latency on a shared machine, and what a change that
     *                                 saves work shows first
     * @param floorCpuMillisPerRequest the same for the floor
     */
    public record RateFigures(int rate, int runs, int requests, double achievedRate, Latency overall, int errors,
                              Map<String, Integer> errorKinds, List<RouteFigures> routes, Latency floor,
                              int floorErrors, double cpuMillisPerRequest, double floorCpuMillisPerRequest) {
    }

    /** One run and the processor time its process spent over it. */
    private record Run(OpenLoop.Outcome outcome, Duration cpu) {
        double cpuMillisPerRequest() {
            return cpu.toNanos() / 1e6 / Math.max(1, outcome.samples().size());
        }
    }

    /**
     * @param sql       each route's statements on one open connection; routes that ask no database are absent
     * @param peakRssKb the service's most resident memory over the whole benchmark
     */
    public record Result(Instant at, IncidentSeeder.Seed seed, String schema, String rulesVersion, int secondsPerRate,
                         List<String> jvmOptions, long peakRssKb, List<RateFigures> rates, Map<String, Latency> sql) {
    }

    public Result run(Settings settings, PrintWriter progress) throws SQLException, IOException,
            InterruptedException {
        Clock clock = Clock.systemUTC();
        progress.printf("seeding %,d incidents in schema %s (an existing seed of that size is reused)...%n",
                settings.incidents(), settings.schema());
        progress.flush();
        // Its own small pool, for the seed and the SQL floor; closed before the figures are returned.
        try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(),
                settings.schema(), 2)) {
            return run(settings, database, clock, progress);
        }
    }

    private Result run(Settings settings, Database database, Clock clock, PrintWriter progress) throws SQLException,
            IOException, InterruptedException {
        IncidentSeeder.Seed seed = new IncidentSeeder(database.jdbi()).ensure(settings.incidents(), clock.instant());
        progress.printf("%s in %.1f s: %,d files, %,d audit events, %,d trail entries, %,d scans%n",
                seed.reused() ? "reused" : "seeded", seed.took().toMillis() / 1e3, seed.files(), seed.events(),
                seed.trailEntries(), seed.scans());
        progress.flush();
        try (Handle handle = database.jdbi().open()) {
            ReadRoutes routes = new ReadRoutes(handle);
            Map<String, Latency> sql = sqlTimes(routes, handle);
            Path log = Files.createTempFile("bench-api-service", ".log");
            List<List<Run>> served;
            String rulesVersion;
            long peakRssKb;
            try (SimulatedPortal portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE).start(0);
                 ServiceProcess service = ServiceProcess.start(settings.jvmOptions(), serviceEnv(settings, portal), log)) {
                progress.printf("service: JVM %s, log %s%n", String.join(" ", settings.jvmOptions()), log);
                progress.flush();
                rulesVersion = rulesVersion(service.baseUrl());
                served = load(settings, routes, service, "service", progress);
                peakRssKb = service.peakRssKb();
            }
            List<List<Run>> floor;
            try (ServiceProcess empty = ServiceProcess.start(settings.jvmOptions(), List.of(HttpFloor.class.getName()),
                    Map.of(), Files.createTempFile("bench-api-floor", ".log"))) {
                floor = load(settings, routes, empty, "floor", progress);
            }
            List<RateFigures> rates = new ArrayList<>();
            for (int i = 0; i < settings.rates().size(); i++) {
                rates.add(figures(settings.rates().get(i), served.get(i), floor.get(i), routes));
            }
            return new Result(clock.instant(), seed, settings.schema(), rulesVersion,
                    (int) settings.perRate().toSeconds(), settings.jvmOptions(), peakRssKb, rates, sql);
        }
    }

    private static String rulesVersion(String base) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/api/rules")).header("Authorization", "Bearer " + TOKEN).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET /api/rules answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).path("version").asText();
    }

    /** The warm-up, then {@code repeat} runs at each rate: the runs of each rate, in the order of the rates. */
    private static List<List<Run>> load(Settings settings, ReadRoutes routes, ServiceProcess server, String label,
                                        PrintWriter progress) throws InterruptedException {
        try (OpenLoop loop = new OpenLoop(TOKEN, TIMEOUT, HttpApi.DEFAULT_MAX_CONNECTIONS)) {
            String base = server.baseUrl();
            SplittableRandom random = new SplittableRandom(7);
            int[] n = {0};
            // Warm-up, not counted: the service's JIT, its statement caches and its first connections. It visits every
            // rate, a share of the warm-up each, so the compiled code has seen the load the runs bring.
            Duration share = settings.warmup().dividedBy(settings.rates().size());
            for (int rate : settings.rates()) {
                if (!share.isZero()) {
                    loop.run(rate, share, () -> routes.request(base, n[0]++, random));
                }
            }
            List<List<Run>> rates = new ArrayList<>();
            for (int rate : settings.rates()) {
                List<Run> runs = new ArrayList<>();
                for (int r = 0; r < settings.repeat(); r++) {
                    Duration cpuBefore = server.cpu(Duration.ZERO);
                    OpenLoop.Outcome outcome = loop.run(rate, settings.perRate(),
                            () -> routes.request(base, n[0]++, random));
                    Run run = new Run(outcome, server.cpu(Duration.ZERO).minus(cpuBefore));
                    runs.add(run);
                    Latency all = latency(outcome.samples());
                    progress.printf("  %s %d/s run %d: achieved %.1f/s, p50 %.1f ms, p99 %.1f ms, errors %d, "
                                    + "processor %.2f ms a request%n", label, rate, r + 1, outcome.achievedRate(),
                            all.p50(), all.p99(), errors(outcome.samples()).size(), run.cpuMillisPerRequest());
                    progress.flush();
                }
                rates.add(runs);
            }
            return rates;
        }
    }

    /** Only what the benchmark needs; scans never run and DocSpace is never asked. The port is the child's. */
    private static Map<String, String> serviceEnv(Settings settings, SimulatedPortal portal) {
        Map<String, String> env = new HashMap<>();
        env.put("DOCSPACE_API_HOST", portal.baseUrl());
        env.put("DOCSPACE_API_KEY", portal.apiKey());
        env.put("GUARD_DB_URL", inSchema(settings.dbUrl(), settings.schema()));
        if (settings.dbUser() != null) {
            env.put("GUARD_DB_USER", settings.dbUser());
        }
        if (settings.dbPassword() != null) {
            env.put("GUARD_DB_PASSWORD", settings.dbPassword());
        }
        env.put("GUARD_SCAN_INTERVAL", "0");
        env.put("GUARD_RULES_DIR", settings.rulesDir().toString());
        // Loading the rules trial-runs them on the newest 20,000 stored events: allow for a busy machine.
        env.put("GUARD_RULE_TIME_BUDGET", "PT1M");
        env.put("GUARD_API_TOKENS", "bench:viewer:" + TOKEN);
        return env;
    }

    /** The service opens the database in its connection's default schema; PostgreSQL's URL can name it. */
    static String inSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static Map<String, Latency> sqlTimes(ReadRoutes routes, Handle handle) {
        SplittableRandom random = new SplittableRandom(11);
        Map<String, Latency> times = new LinkedHashMap<>();
        for (ReadRoutes.Route route : routes.routes()) {
            if (!route.asksDatabase()) {
                continue;
            }
            for (int i = 0; i < SQL_RUNS / 10; i++) { // warm the connection's statement cache
                route.statements().run(handle, routes.draw(random));
            }
            long[] nanos = new long[SQL_RUNS];
            for (int i = 0; i < SQL_RUNS; i++) {
                ReadRoutes.Draw draw = routes.draw(random);
                long started = System.nanoTime();
                route.statements().run(handle, draw);
                nanos[i] = System.nanoTime() - started;
            }
            times.put(route.name(), Latency.ofNanos(nanos));
        }
        return times;
    }

    private static RateFigures figures(int rate, List<Run> measured, List<Run> floorRuns, ReadRoutes routes) {
        List<OpenLoop.Outcome> runs = measured.stream().map(Run::outcome).toList();
        List<OpenLoop.Outcome> floor = floorRuns.stream().map(Run::outcome).toList();
        Map<String, Integer> kinds = new TreeMap<>();
        runs.forEach(run -> errors(run.samples()).forEach(s ->
                kinds.merge(s.error() != null ? s.error() : Integer.toString(s.status()), 1, Integer::sum)));
        List<RouteFigures> perRoute = new ArrayList<>();
        for (ReadRoutes.Route route : routes.routes()) {
            List<Latency> byRun = runs.stream().map(run -> latency(run.samples().stream()
                    .filter(s -> s.route().equals(route.name())).toList())).toList();
            int errors = runs.stream().mapToInt(run -> (int) run.samples().stream()
                    .filter(s -> s.route().equals(route.name()) && !s.ok()).count()).sum();
            Latency median = Latency.median(byRun);
            perRoute.add(new RouteFigures(route.name(), median.count(), median.p50(), median.p99(), errors));
        }
        return new RateFigures(rate, runs.size(), runs.get(0).samples().size(),
                Latency.middle(runs.stream().mapToDouble(OpenLoop.Outcome::achievedRate).toArray()),
                Latency.median(runs.stream().map(run -> latency(run.samples())).toList()),
                kinds.values().stream().mapToInt(Integer::intValue).sum(), kinds, perRoute,
                Latency.median(floor.stream().map(run -> latency(run.samples())).toList()),
                floor.stream().mapToInt(run -> errors(run.samples()).size()).sum(),
                Latency.middle(measured.stream().mapToDouble(Run::cpuMillisPerRequest).toArray()),
                Latency.middle(floorRuns.stream().mapToDouble(Run::cpuMillisPerRequest).toArray()));
    }

    /** Every answer counts, errors included: a fast 503 is not a fast answer, but leaving it out would flatter. */
    private static Latency latency(List<OpenLoop.Sample> samples) {
        return Latency.ofNanos(samples.stream().mapToLong(OpenLoop.Sample::latencyNanos).toArray());
    }

    private static List<OpenLoop.Sample> errors(List<OpenLoop.Sample> samples) {
        return samples.stream().filter(s -> !s.ok()).toList();
    }

    public static void write(Result result, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        JSON.writeValue(file.toFile(), result);
    }

    public static void print(Result result, PrintWriter out) {
        IncidentSeeder.Seed seed = result.seed();
        out.printf("%,d incidents (%,d files, %,d audit events, %,d trail entries, %,d scans) in schema %s; "
                        + "rules %s; %d s per run, medians of %d runs%n", seed.incidents(), seed.files(),
                seed.events(), seed.trailEntries(), seed.scans(), result.schema(), result.rulesVersion(),
                result.secondsPerRate(), result.rates().get(0).runs());
        out.printf("service: a child JVM, %s; peak RSS %,d MB; floor: the web server alone answering {}, same JVM%n",
                String.join(" ", result.jvmOptions()), result.peakRssKb() / 1024);
        for (RateFigures rate : result.rates()) {
            out.printf("%4d/s: achieved %6.1f/s  p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f ms  errors %d%s"
                            + "  processor %.2f ms a request  | floor p50 %.1f  p99 %.1f  max %.1f ms  errors %d"
                            + "  processor %.2f ms a request%n",
                    rate.rate(), rate.achievedRate(), rate.overall().p50(), rate.overall().p90(), rate.overall().p99(),
                    rate.overall().max(), rate.errors(), rate.errorKinds().isEmpty() ? "" : " " + rate.errorKinds(),
                    rate.cpuMillisPerRequest(), rate.floor().p50(), rate.floor().p99(), rate.floor().max(),
                    rate.floorErrors(), rate.floorCpuMillisPerRequest());
        }
        out.printf("%-42s", "p99 per route, ms (errors)");
        result.rates().forEach(rate -> out.printf("%18s", rate.rate() + "/s"));
        out.printf("%10s%10s%n", "SQL p50", "SQL p99");
        for (int i = 0; i < result.rates().get(0).routes().size(); i++) {
            String route = result.rates().get(0).routes().get(i).route();
            out.printf("%-42s", route);
            for (RateFigures rate : result.rates()) {
                RouteFigures figures = rate.routes().get(i);
                out.printf("%18s", String.format("%.1f", figures.p99())
                        + (figures.errors() == 0 ? "" : " (" + figures.errors() + ")"));
            }
            Latency sql = result.sql().get(route);
            out.printf("%10s%10s%n", sql == null ? "-" : String.format("%.2f", sql.p50()),
                    sql == null ? "-" : String.format("%.2f", sql.p99()));
        }
        out.flush();
    }
}
