package io.docspaceguard.bench;

import io.docspaceguard.demo.PortalLimiter;
import io.docspaceguard.demo.PortalUser;
import io.docspaceguard.demo.SimulatedPortal;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Backfills a one-day audit trail from the simulated portal answering each request after a fixed latency, with the
 * service's own {@code scan --from --to} in a child JVM (so its peak resident memory is its own, read from
 * {@code /proc/<pid>/status}), into H2 and optionally PostgreSQL, without and with DocSpace's rate limiter on the
 * portal. Each wall time (the backfill's {@code scan_run}, start to finish) is printed beside the floor its paging
 * allows (requests × latency ÷ requests at once) and the floor the rate limit allows (requests ÷ limit), with the
 * incidents compared to those of a sequential backfill of the same trail.
 */
public final class BackfillBenchmark {
    /** How often the child's peak resident memory is read while it runs. */
    private static final long RSS_POLL_MILLIS = 20;

    /**
     * @param events      events in the day's trail
     * @param latency     the portal's answer time per request
     * @param concurrency GUARD_DOCSPACE_CONCURRENCY of the service
     * @param rateLimit   requests a minute of the portal's limiter in the limited runs (and the service's budget); 0
     *                    skips them
     * @param postgresUrl a PostgreSQL database to run in too (each run in a schema of its own); null for H2 only
     * @param jvmOptions  options of the child JVM, as an operator would give them
     */
    public record Options(int events, Duration latency, int concurrency, int rateLimit, int repeat, String postgresUrl,
                          List<String> jvmOptions, boolean sequential) {
    }

    /**
     * One backfill run in a child JVM. {@code cpu} is the child's processor time in all, its start included: on a
     * shared machine it moves less than the wall time does when others compete for the cores.
     */
    public record Run(Duration wall, Duration cpu, long auditRequests, long peakRssKb, long stored, int opened,
                      String status, Set<String> incidents, long turnedAway) {
    }

    /** What was read off the child while it ran. */
    private record Child(long peakRssKb, Duration cpu) {
    }

    /** The runs of one database and limiter setting. */
    public record Series(String database, int rateLimit, List<Run> runs) {
        Run median() {
            List<Run> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparing(Run::wall));
            return sorted.get(sorted.size() / 2);
        }
    }

    /** @param logs where each child's output is kept */
    public record Result(Options options, long trailEvents, Run sequential, List<Series> series, Path logs) {
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
        Instant from = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
        Instant to = from.plus(Duration.ofDays(1));
        logs = Files.createTempDirectory("backfill-bench-logs");
        try (SimulatedPortal portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE)
                .start(0, options.latency())) {
            long written = writeTrail(portal, options.events(), from);
            Run sequential = options.sequential()
                    ? backfill(portal, options, from, to, 1, 0, null) : null;
            List<Series> series = new ArrayList<>();
            List<String> databases = new ArrayList<>(List.of("h2"));
            if (options.postgresUrl() != null) {
                databases.add("postgres");
            }
            for (String database : databases) {
                for (int limit : options.rateLimit() > 0 ? new int[] {0, options.rateLimit()} : new int[] {0}) {
                    List<Run> runs = new ArrayList<>();
                    for (int n = 0; n < Math.max(1, options.repeat()); n++) {
                        runs.add(backfill(portal, options, from, to, options.concurrency(), limit,
                                database.equals("postgres") ? options.postgresUrl() : null));
                    }
                    series.add(new Series(database, limit, runs));
                }
            }
            return new Result(options, written, sequential, series, logs);
        }
    }

    /** The generator's day (background work of 5,000 accounts, bursts of 50) as the portal's audit rows. */
    private static long writeTrail(SimulatedPortal portal, int events, Instant from) {
        EventGenerator.Shape standard = EventGenerator.Shape.standard(events);
        EventGenerator generator = new EventGenerator(new EventGenerator.Shape(events, standard.users(),
                standard.files(), standard.burstyUsers(), from.toEpochMilli()), 42);
        PortalUser.Device device = new PortalUser.Device("203.0.113.9", "Germany", "Berlin", "Chrome 124", "Windows 10");
        Set<String> users = new java.util.HashSet<>();
        long written = 0;
        while (generator.hasNext()) {
            AuditEvent e = generator.next();
            String user = userId(e.userId());
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

    /** The generator's short user names ("u17", "b3") as DocSpace-style GUIDs. */
    private static String userId(String name) {
        long n = Long.parseLong(name.substring(1));
        return String.format("%08x-0000-4000-8000-%012d", name.charAt(0) == EventGenerator.BURSTY_PREFIX.charAt(0)
                ? 0xb : 0xa, n);
    }

    private Run backfill(SimulatedPortal portal, Options options, Instant from, Instant to, int concurrency,
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
        long requestsBefore = portal.auditRequests();
        try {
            Child child = child(portal, options, from, to, concurrency, rateLimit, dbUrl);
            Database database = Database.open(dbUrl, null, null);
            return database.jdbi().withHandle(h -> result(h, child, portal.auditRequests() - requestsBefore,
                    limiter == null ? 0 : limiter.turnedAway()));
        } finally {
            if (postgresUrl != null) {
                execute(postgresUrl, "DROP SCHEMA " + schema + " CASCADE");
            }
            deleteTree(dir);
        }
    }

    /** Runs {@code scan --from --to} in a child JVM and returns its peak resident memory and processor time. */
    private Child child(SimulatedPortal portal, Options options, Instant from, Instant to, int concurrency,
                       int rateLimit, String dbUrl) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.docspaceguard.App", "scan",
                "--from", from.toString(), "--to", to.toString()));
        Path log = logs.resolve("run-" + ++runs + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> childEnv = builder.environment();
        childEnv.putAll(env);
        childEnv.put("DOCSPACE_API_HOST", portal.baseUrl());
        childEnv.put("DOCSPACE_API_KEY", portal.apiKey());
        childEnv.put("GUARD_DB_URL", dbUrl);
        childEnv.remove("GUARD_DB_USER");
        childEnv.remove("GUARD_DB_PASSWORD");
        childEnv.put("GUARD_SCAN_INTERVAL", "0");
        childEnv.put("GUARD_DOCSPACE_CONCURRENCY", Integer.toString(concurrency));
        childEnv.put("GUARD_DOCSPACE_REQUESTS_PER_MINUTE", Integer.toString(rateLimit));
        childEnv.putIfAbsent("GUARD_RULE_TIME_BUDGET", "PT5M");
        Process process = builder.start();
        long peakKb = 0;
        Duration cpu = Duration.ZERO;
        while (!process.waitFor(RSS_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, peakRssKb(process.pid()));
            cpu = process.info().totalCpuDuration().orElse(cpu); // the last reading before it ends
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the backfill exited with " + process.exitValue() + "; see " + log);
        }
        return new Child(peakKb, cpu);
    }

    /** VmHWM of a running process: the most resident memory it has had; 0 once it is gone. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone between the check and the read
        }
        return 0;
    }

    private static Run result(Handle h, Child child, long requests, long turnedAway) {
        Map<String, Object> run = h.createQuery("""
                SELECT started_at, finished_at, status, incidents_opened FROM scan_run ORDER BY id DESC LIMIT 1
                """).mapToMap().one();
        Instant started = h.createQuery("SELECT started_at FROM scan_run ORDER BY id DESC LIMIT 1")
                .mapTo(Instant.class).one();
        Instant finished = h.createQuery("SELECT finished_at FROM scan_run ORDER BY id DESC LIMIT 1")
                .mapTo(Instant.class).one();
        long stored = h.createQuery("SELECT count(*) FROM audit_event").mapTo(Long.class).one();
        Set<String> incidents = new TreeSet<>(h.createQuery("SELECT DISTINCT user_id, rule FROM incident")
                .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2)).list());
        return new Run(Duration.between(started, finished), child.cpu(), requests, child.peakRssKb(), stored,
                ((Number) run.get("incidents_opened")).intValue(), (String) run.get("status"), incidents, turnedAway);
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

    /** Whether every run opened incidents for the same (user, rule) pairs as the sequential backfill. */
    public static boolean agree(Result r) {
        Set<String> expected = r.sequential() == null ? r.series().get(0).runs().get(0).incidents()
                : r.sequential().incidents();
        return r.series().stream().flatMap(s -> s.runs().stream())
                .allMatch(run -> run.incidents().equals(expected) && run.status().equals("ok"));
    }

    public static void print(Result r, PrintWriter out) {
        Options o = r.options();
        double latency = o.latency().toMillis() / 1e3;
        out.printf("trail:       %,d events over one day (5,000 accounts, 50 with bursts); portal latency %d ms a "
                + "request; concurrency %d; child JVM %s%n", r.trailEvents(), o.latency().toMillis(), o.concurrency(),
                o.jvmOptions().isEmpty() ? "(defaults)" : String.join(" ", o.jvmOptions()));
        Run any = r.sequential() != null ? r.sequential() : r.series().get(0).median();
        out.printf("floors:      %,d audit requests: one at a time %.1f s; %d at once %.1f s%s%n", any.auditRequests(),
                any.auditRequests() * latency, o.concurrency(), any.auditRequests() * latency / o.concurrency(),
                o.rateLimit() > 0 ? String.format("; at %,d requests a minute %.1f s", o.rateLimit(),
                        any.auditRequests() * 60.0 / o.rateLimit()) : "");
        if (r.sequential() != null) {
            line(out, "sequential (h2, 1 at once)", r.sequential(), r.sequential().auditRequests() * latency, latency);
        }
        for (Series s : r.series()) {
            Run m = s.median();
            double floor = s.rateLimit() > 0 ? Math.max(m.auditRequests() * 60.0 / s.rateLimit(),
                    m.auditRequests() * latency / o.concurrency()) : m.auditRequests() * latency / o.concurrency();
            String label = s.database() + (s.rateLimit() > 0 ? ", limiter " + s.rateLimit() + "/min" : ", no limiter")
                    + " (median of " + s.runs().size() + ")";
            line(out, label, m, floor, latency);
        }
        out.printf("child logs:  %s%n", r.logs());
        out.printf("incidents:   %s %s (same (user, rule) pairs, every run ok)%n", agree(r) ? "the same" : "NOT the same",
                r.sequential() != null ? "as a sequential backfill" : "in every run (no sequential run to compare)");
    }

    private static void line(PrintWriter out, String label, Run run, double floor, double latency) {
        out.printf("%-44s %6.1f s  floor %5.1f s (%.0f%%)  CPU %5.1f s  requests %,d  429s %d  peak RSS %,d MB  "
                        + "stored %,d  incidents %d  %s%n", label, run.wall().toMillis() / 1e3, floor,
                100 * run.wall().toMillis() / 1e3 / floor, run.cpu().toMillis() / 1e3, run.auditRequests(),
                run.turnedAway(),
                run.peakRssKb() / 1024, run.stored(), run.opened(), run.status());
    }
}
