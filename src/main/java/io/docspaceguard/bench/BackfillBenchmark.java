package io.docspaceguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.demo.PortalLimiter;
import io.docspaceguard.demo.PortalUser;
import io.docspaceguard.demo.SimulatedPortal;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Backfills one-day audit trails from the simulated portal answering each request after a fixed latency, with the
 * service itself ({@code serve}) in a child JVM, so its peak resident memory is its own (read from
 * {@code /proc/<pid>/status}), into H2 and optionally PostgreSQL, without and with DocSpace's rate limiter on the
 * portal. Each child backfills two days through {@code POST /api/scans}, as an operator would: the first right after
 * it started (its code not yet compiled by the JIT, which then competes for the cores), the second in the service that
 * has run a while. Their days have accounts of their own, so the second's incidents do not extend the first's. Each
 * wall time (the backfill's {@code scan_run}, start to finish) is printed beside the floor its paging allows
 * (requests × latency ÷ requests at once) and the floor the rate limit allows (requests ÷ limit), with the incidents
 * compared to those of a sequential backfill of the same trails.
 */
public final class BackfillBenchmark {
    private static final String TOKEN = "bench-backfill-reviewer-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param events      events in each day's trail
     * @param latency     the portal's answer time per request
     * @param concurrency GUARD_DOCSPACE_CONCURRENCY of the service
     * @param rateLimit   requests a minute of the portal's limiter in the limited runs (and the service's budget); 0
     *                    skips them
     * @param postgresUrl a PostgreSQL database to run in too (each run in a schema of its own); null for H2 only
     * @param jvmOptions  options of the child JVM, as an operator would give them; none means the recommended ones
     */
    public record Options(int events, Duration latency, int concurrency, int rateLimit, int repeat, String postgresUrl,
                          List<String> jvmOptions, boolean sequential) {
        public Options {
            jvmOptions = RecommendedJvm.or(jvmOptions);
        }
    }

    /**
     * One backfill of one day. {@code cpu} is the child's processor time during it (for the first, its start too): on
     * a shared machine it moves less than the wall time does when others compete for the cores. {@code portalCpu} is
     * this process's, nearly all of it the simulated portal answering: a real portal would not share the cores.
     */
    public record Run(Duration wall, Duration cpu, Duration portalCpu, long auditRequests, long stored, int opened,
                      String status, Set<String> incidents, long turnedAway) {
    }

    /** One child: its first backfill after start, its second, and its peak resident memory over both. */
    public record Service(Run first, Run second, long peakRssKb) {
    }

    /** The children of one database and limiter setting. */
    public record Series(String database, int rateLimit, List<Service> services) {
        Run median(boolean second) {
            List<Run> sorted = new ArrayList<>(services.stream().map(s -> second ? s.second() : s.first()).toList());
            sorted.sort(Comparator.comparing(Run::wall));
            return sorted.get(sorted.size() / 2);
        }

        long peakRssKb() {
            return services.stream().mapToLong(Service::peakRssKb).max().orElse(0);
        }
    }

    /** @param logs where each child's output is kept */
    public record Result(Options options, long trailEvents, Service sequential, List<Series> series, Path logs) {
    }

    /** A day of the trail: its window, and the generator's seed and account numbers. */
    private record Day(Instant from, Instant to, long seed, int accountPrefix) {
    }

    private final Map<String, String> env;
    private Path logs;
    private int runs;

    /** @param env the environment the child inherits (GUARD_RULES_DIR and the like) */
    public BackfillBenchmark(Map<String, String> env) {
        this.env = env;
    }

    public Result run(Options options) throws IOException, InterruptedException, SQLException {
        Clock clock = Clock.systemUTC();
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        // Two days apart, so neither lies in the other's rule windows.
        Day first = new Day(today.minus(Duration.ofDays(4)), today.minus(Duration.ofDays(3)), 41, 0xc);
        Day second = new Day(today.minus(Duration.ofDays(2)), today.minus(Duration.ofDays(1)), 42, 0xa);
        logs = Files.createTempDirectory("backfill-bench-logs");
        try (SimulatedPortal portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE)
                .start(0, options.latency())) {
            writeTrail(portal, options.events(), first);
            long written = writeTrail(portal, options.events(), second);
            Service sequential = options.sequential()
                    ? service(portal, options, first, second, 1, 0, null) : null;
            List<Series> series = new ArrayList<>();
            List<String> databases = new ArrayList<>(List.of("h2"));
            if (options.postgresUrl() != null) {
                databases.add("postgres");
            }
            for (String database : databases) {
                for (int limit : options.rateLimit() > 0 ? new int[] {0, options.rateLimit()} : new int[] {0}) {
                    List<Service> services = new ArrayList<>();
                    for (int n = 0; n < Math.max(1, options.repeat()); n++) {
                        services.add(service(portal, options, first, second, options.concurrency(), limit,
                                database.equals("postgres") ? options.postgresUrl() : null));
                    }
                    series.add(new Series(database, limit, services));
                }
            }
            return new Result(options, written, sequential, series, logs);
        }
    }

    /** The generator's day (background work of 5,000 accounts, bursts of 50) as the portal's audit rows. */
    private static long writeTrail(SimulatedPortal portal, int events, Day day) {
        EventGenerator.Shape standard = EventGenerator.Shape.standard(events);
        EventGenerator generator = new EventGenerator(new EventGenerator.Shape(events, standard.users(),
                standard.files(), standard.burstyUsers(), day.from().toEpochMilli()), day.seed());
        PortalUser.Device device = new PortalUser.Device("203.0.113.9", "Germany", "Berlin", "Chrome 124", "Windows 10");
        Set<String> users = new java.util.HashSet<>();
        long written = 0;
        while (generator.hasNext()) {
            AuditEvent e = generator.next();
            String user = userId(e.userId(), day.accountPrefix());
            if (users.add(user)) {
                portal.addUser(new PortalUser(user, "User", e.userId(), false, false, false, Person.ACTIVE, device));
            }
            String target = e.target().isEmpty() ? null : e.target().get(0);
            portal.writeAudit(Instant.ofEpochMilli(e.ts()), user, e.actionId(), e.target(), e.entries(),
                    target == null ? null : "file-" + target + ".docx", "Rooms: Projects");
            written++;
        }
        return written;
    }

    /** The generator's short user names ("u17", "b3") as DocSpace-style GUIDs, bursty ones one prefix up. */
    private static String userId(String name, int prefix) {
        long n = Long.parseLong(name.substring(1));
        return String.format("%08x-0000-4000-8000-%012d", name.charAt(0) == EventGenerator.BURSTY_PREFIX.charAt(0)
                ? prefix + 1 : prefix, n);
    }

    private Service service(SimulatedPortal portal, Options options, Day first, Day second, int concurrency,
                            int rateLimit, String postgresUrl) throws IOException, InterruptedException, SQLException {
        Path dir = Files.createTempDirectory("backfill-bench");
        String schema = "backfill_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String dbUrl = postgresUrl == null ? "jdbc:h2:file:" + dir.resolve("guard") + System.getProperty("bench.h2", "")
                : postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        if (postgresUrl != null) {
            execute(postgresUrl, "CREATE SCHEMA " + schema);
        }
        PortalLimiter limiter = portal.limit(rateLimit > 0
                ? new PortalLimiter.Settings(rateLimit, Duration.ofMinutes(1), 50) : null);
        try {
            return child(portal, limiter, options, List.of(first, second), concurrency, rateLimit, dbUrl);
        } finally {
            if (postgresUrl != null) {
                execute(postgresUrl, "DROP SCHEMA " + schema + " CASCADE");
            }
            deleteTree(dir);
        }
    }

    /**
     * Starts {@code serve} in a child JVM, backfills each day through its API one after the other, stops it, and
     * returns the backfills with the child's peak resident memory.
     */
    private Service child(SimulatedPortal portal, PortalLimiter limiter, Options options, List<Day> days,
                          int concurrency, int rateLimit, String dbUrl)
            throws IOException, InterruptedException, SQLException {
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.put("DOCSPACE_API_HOST", portal.baseUrl());
        childEnv.put("DOCSPACE_API_KEY", portal.apiKey());
        childEnv.put("GUARD_DB_URL", dbUrl);
        childEnv.put("GUARD_DB_USER", null);
        childEnv.put("GUARD_DB_PASSWORD", null);
        childEnv.put("GUARD_API_TOKENS", "bench:reviewer:" + TOKEN);
        childEnv.put("GUARD_SCAN_INTERVAL", "0");
        childEnv.put("GUARD_DOCSPACE_CONCURRENCY", Integer.toString(concurrency));
        childEnv.put("GUARD_DOCSPACE_REQUESTS_PER_MINUTE", Integer.toString(rateLimit));
        childEnv.putIfAbsent("GUARD_RULE_TIME_BUDGET", "PT5M");
        List<Measured> measured = new ArrayList<>();
        long peakRssKb;
        try (ServiceProcess service = ServiceProcess.start(options.jvmOptions(), childEnv,
                logs.resolve("run-" + ++runs + ".log"))) {
            HttpClient http = HttpClient.newHttpClient();
            Duration cpuBefore = Duration.ZERO;
            for (Day day : days) {
                Duration portalCpuBefore = ownCpu();
                long requestsBefore = portal.auditRequests();
                long turnedAwayBefore = limiter == null ? 0 : limiter.turnedAway();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                                + "/api/scans"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .timeout(Duration.ofMinutes(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + day.from() + "\",\"to\":\""
                                + day.to() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("the backfill answered " + answer.statusCode() + ": "
                            + answer.body() + "; see " + service.log());
                }
                Duration cpu = service.cpu(cpuBefore);
                measured.add(new Measured(day, JSON.readTree(answer.body()).path("runId").asLong(),
                        cpu.minus(cpuBefore), ownCpu().minus(portalCpuBefore), portal.auditRequests() - requestsBefore,
                        (limiter == null ? 0 : limiter.turnedAway()) - turnedAwayBefore));
                cpuBefore = cpu;
            }
            service.stop();
            peakRssKb = service.peakRssKb();
        }
        // Read once the service is gone: an H2 file has one process at a time.
        try (Database database = Database.open(dbUrl, null, null)) {
            List<Run> backfills = database.jdbi().withHandle(h -> measured.stream().map(m -> result(h, m)).toList());
            return new Service(backfills.get(0), backfills.get(1), peakRssKb);
        }
    }

    /** What was read off one backfill while the service ran. */
    private record Measured(Day day, long runId, Duration cpu, Duration portalCpu, long requests, long turnedAway) {
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The day's backfill as its {@code scan_run}, and what was stored and opened in its window. */
    private static Run result(Handle h, Measured m) {
        Map<String, Object> run = h.createQuery("SELECT status, incidents_opened FROM scan_run WHERE id = :id")
                .bind("id", m.runId()).mapToMap().one();
        Instant started = h.createQuery("SELECT started_at FROM scan_run WHERE id = :id").bind("id", m.runId())
                .mapTo(Instant.class).one();
        Instant finished = h.createQuery("SELECT finished_at FROM scan_run WHERE id = :id").bind("id", m.runId())
                .mapTo(Instant.class).one();
        long stored = h.createQuery("SELECT count(*) FROM audit_event WHERE occurred_at >= :from AND occurred_at <= :to")
                .bind("from", m.day().from()).bind("to", m.day().to()).mapTo(Long.class).one();
        Set<String> incidents = new TreeSet<>(h.createQuery("""
                SELECT DISTINCT user_id, rule FROM incident WHERE first_event_at >= :from AND first_event_at <= :to
                """).bind("from", m.day().from()).bind("to", m.day().to())
                .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2)).list());
        return new Run(Duration.between(started, finished), m.cpu(), m.portalCpu(), m.requests(), stored,
                ((Number) run.get("incidents_opened")).intValue(), (String) run.get("status"), incidents,
                m.turnedAway());
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Whether every backfill opened incidents for the same (user, rule) pairs as the sequential one of its day. */
    public static boolean agree(Result r) {
        Service reference = r.sequential() != null ? r.sequential() : r.series().get(0).services().get(0);
        return r.series().stream().flatMap(s -> s.services().stream()).allMatch(service ->
                service.first().incidents().equals(reference.first().incidents())
                        && service.second().incidents().equals(reference.second().incidents())
                        && service.first().status().equals("ok") && service.second().status().equals("ok"));
    }

    public static void print(Result r, PrintWriter out) {
        Options o = r.options();
        double latency = o.latency().toMillis() / 1e3;
        out.printf("trail:       two days of %,d events (5,000 accounts, 50 with bursts); portal latency %d ms a "
                + "request; concurrency %d; child JVM %s%n", r.trailEvents(), o.latency().toMillis(), o.concurrency(),
                String.join(" ", o.jvmOptions()));
        Run any = r.sequential() != null ? r.sequential().second() : r.series().get(0).median(true);
        out.printf("floors:      %,d audit requests a day: one at a time %.1f s; %d at once %.1f s%s%n",
                any.auditRequests(), any.auditRequests() * latency, o.concurrency(),
                any.auditRequests() * latency / o.concurrency(), o.rateLimit() > 0 ? String.format(
                        "; at %,d requests a minute %.1f s", o.rateLimit(), any.auditRequests() * 60.0 / o.rateLimit())
                        : "");
        out.println("first:       the service's first backfill after it started; second: its next one");
        if (r.sequential() != null) {
            Run run = r.sequential().second();
            line(out, "sequential (h2, 1 at once), second", run, run.auditRequests() * latency,
                    r.sequential().peakRssKb());
        }
        for (Series s : r.series()) {
            for (boolean second : new boolean[] {false, true}) {
                Run m = s.median(second);
                double floor = s.rateLimit() > 0 ? Math.max(m.auditRequests() * 60.0 / s.rateLimit(),
                        m.auditRequests() * latency / o.concurrency()) : m.auditRequests() * latency / o.concurrency();
                String label = s.database() + (s.rateLimit() > 0 ? ", limiter " + s.rateLimit() + "/min"
                        : ", no limiter") + (second ? ", second" : ", first") + " (median of " + s.services().size()
                        + ")";
                line(out, label, m, floor, s.peakRssKb());
            }
            out.printf("%-52s %s%n", "", "every wall: " + s.services().stream().map(v -> String.format("%.1f/%.1f s",
                    v.first().wall().toMillis() / 1e3, v.second().wall().toMillis() / 1e3)).toList());
        }
        out.printf("child logs:  %s%n", r.logs());
        out.printf("incidents:   %s %s (same (user, rule) pairs each day, every run ok)%n",
                agree(r) ? "the same" : "NOT the same",
                r.sequential() != null ? "as a sequential backfill" : "in every run (no sequential run to compare)");
    }

    private static void line(PrintWriter out, String label, Run run, double floor, long peakRssKb) {
        out.printf("%-52s %6.1f s  floor %5.1f s (%.0f%%)  CPU %5.1f s (portal %.1f s)  requests %,d  429s %d  "
                        + "peak RSS %,d MB  stored %,d  incidents %d  %s%n", label, run.wall().toMillis() / 1e3, floor,
                100 * run.wall().toMillis() / 1e3 / floor, run.cpu().toMillis() / 1e3,
                run.portalCpu().toMillis() / 1e3, run.auditRequests(),
                run.turnedAway(), peakRssKb / 1024, run.stored(), run.opened(), run.status());
    }
}
