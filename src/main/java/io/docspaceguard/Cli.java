package io.docspaceguard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.docspaceguard.bench.ApiBenchmark;
import io.docspaceguard.bench.BackfillBenchmark;
import io.docspaceguard.bench.Benchmark;
import io.docspaceguard.bench.DetectionLatencyBenchmark;
import io.docspaceguard.bench.RecoveryBenchmark;
import io.docspaceguard.demo.ActivitySimulator;
import io.docspaceguard.demo.Demo;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditExport;
import io.docspaceguard.docspace.AuditPage;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.docspace.RequestBudget;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleLoadException;
import io.docspaceguard.engine.ScenarioRunner;
import io.docspaceguard.facts.Finding;
import io.docspaceguard.scan.Detector;
import io.docspaceguard.scan.ScanReport;
import io.docspaceguard.scan.ScanRun;
import io.docspaceguard.scan.Scanner;
import io.docspaceguard.store.DatabaseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code serve} (the default), {@code demo}, {@code scan}, {@code replay}, {@code rules test},
 * {@code bench}.
 */
@Command(name = "docspace-guard", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        description = "Policy service for ONLYOFFICE DocSpace: audit trail -> Drools rules -> reviewed incidents.",
        subcommands = {Cli.Serve.class, Cli.DemoCommand.class, Cli.Scan.class, Cli.Replay.class, Cli.Rules.class,
                Cli.Bench.class, Cli.BenchRecovery.class, Cli.BenchLatency.class, Cli.BenchApi.class,
                Cli.BenchBackfill.class, CommandLine.HelpCommand.class})
public final class Cli implements Callable<Integer> {
    static final int CONFIG_ERROR = 2;

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static int run(String[] args, Map<String, String> env) {
        return run(args, env, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** As {@link #run(String[], Map)}, writing to the given streams; tests read what an operator would see. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Cli(), new EnvFactory(env));
        line.setOut(out);
        line.setErr(err);
        line.registerConverter(OffsetDateTime.class, Cli::time);
        // A mistyped command or option value is one line saying what was expected and where the help is.
        line.setParameterExceptionHandler((e, given) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(command + ": " + e.getMessage() + " (see `" + command + " --help`)");
            return CONFIG_ERROR;
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Start-up problems an operator can fix get one clear line, not a stack trace.
            if (e instanceof ConfigException || e instanceof DatabaseException || e instanceof RuleLoadException) {
                cmd.getErr().println("docspace-guard: " + e.getMessage());
                if (e instanceof RuleLoadException rules) {
                    rules.errors().forEach(error -> cmd.getErr().println("  " + error));
                }
                return CONFIG_ERROR;
            }
            if (rootCause(e) instanceof BindException) {
                cmd.getErr().println("docspace-guard: the HTTP port is already in use: stop what listens there, or "
                        + "set GUARD_HTTP_PORT to a free port (0 picks one)");
                return CONFIG_ERROR;
            }
            throw e;
        });
        return line.execute(args);
    }

    private static OffsetDateTime time(String value) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("expected an ISO-8601 time with an offset, e.g. "
                    + "2025-05-14T08:00:00Z; got '" + value + "'");
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    @Override
    public Integer call() throws Exception {
        return new Serve(((EnvFactory) spec.commandLine().getFactory()).env).call();
    }

    /** Gives every command the environment it was started with, so tests can pass their own. */
    private record EnvFactory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (var constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Map.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(env));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static Config portalConfig(Map<String, String> env) {
        Config config = Config.fromEnv(env);
        if (config.docSpaceHost() == null) {
            throw new ConfigException("DOCSPACE_API_HOST is not set: point the service at a portal (e.g. "
                    + "https://acme.onlyoffice.com), or try `java -jar target/docspace-guard.jar demo`");
        }
        if (config.docSpaceApiKey() == null) {
            throw new ConfigException("DOCSPACE_API_KEY is not set: create an API key as a DocSpace admin");
        }
        return config;
    }

    /** The rules of GUARD_RULES_DIR, compiled; commands that only evaluate need nothing else. */
    static RuleEngine loadRules(Map<String, String> env) throws RuleLoadException {
        Config config = Config.fromEnv(env);
        RuleEngine engine = new RuleEngine(config.existingRulesDir(), Clock.systemUTC(), config.rulePartitions(),
                config.ruleBudget(), List::of);
        engine.reload();
        return engine;
    }

    static HttpDocSpaceClient client(Config config) {
        HttpDocSpaceClient.Settings d = HttpDocSpaceClient.Settings.defaults();
        return new HttpDocSpaceClient(config.docSpaceHost(), config.docSpaceApiKey(), new HttpDocSpaceClient.Settings(
                d.connectTimeout(), config.docSpaceTimeout(), config.docSpaceRetries(), d.baseBackoff(), d.maxBackoff()),
                RequestBudget.perMinute(config.docSpaceRequestsPerMinute(), config.backfillShare()));
    }

    @Command(name = "serve", description = "Run the service: scheduled scans, rule reloads and the HTTP API.")
    static final class Serve implements Callable<Integer> {
        private final Map<String, String> env;

        Serve(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            Config config = portalConfig(env);
            if (config.apiTokens().isEmpty()) {
                throw new ConfigException("GUARD_API_TOKENS is not set: every API route but /health needs a token "
                        + "(name:role:token, e.g. alice:reviewer:<random 32 characters>)");
            }
            App app = App.create(config, client(config), Clock.systemUTC());
            try {
                app.start();
            } catch (RuntimeException e) {
                app.close(); // e.g. the port is taken: nothing of this half-started service may linger
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "demo", description = "Run the whole service on a built-in simulated portal with invented "
            + "activity and a temporary database; prints the console URL and demo tokens.")
    static final class DemoCommand implements Callable<Integer> {
        private final Map<String, String> env;

        @Option(names = "--seed", defaultValue = "42", description = "simulation seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--scenario-every", defaultValue = "PT3M",
                description = "time between scenarios, ISO-8601 (default ${DEFAULT-VALUE})")
        Duration scenarioEvery;

        @Option(names = "--first-scenario-after", defaultValue = "PT30S",
                description = "delay of the first scenario, ISO-8601 (default ${DEFAULT-VALUE})")
        Duration firstScenarioAfter;

        @Spec
        CommandLine.Model.CommandSpec spec;

        DemoCommand(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            if (scenarioEvery.isNegative() || scenarioEvery.isZero() || firstScenarioAfter.isNegative()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--scenario-every must be more than zero and --first-scenario-after not negative");
            }
            ActivitySimulator.Settings d = ActivitySimulator.Settings.defaults();
            ActivitySimulator.Settings settings = new ActivitySimulator.Settings(scenarioEvery, firstScenarioAfter,
                    d.backgroundGap(), d.maxLateness());
            Demo<App> demo = Demo.start(new Demo.Options(seed, settings, true), env, Clock.systemUTC(), App::launch);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                demo.close();
                stopped.countDown();
            }, "shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            demo.banner().forEach(out::println);
            out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "scan", description = "Scan once (from the checkpoint, or a given window) and print the report.")
    static final class Scan implements Callable<Integer> {
        private final Map<String, String> env;

        @Option(names = "--from", description = "start of a backfill window, ISO-8601 with offset")
        OffsetDateTime from;

        @Option(names = "--to", description = "end of a backfill window, ISO-8601 with offset")
        OffsetDateTime to;

        @Spec
        CommandLine.Model.CommandSpec spec;

        Scan(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            if ((from == null) != (to == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give both --from and --to, or neither");
            }
            Config config = portalConfig(env);
            try (App app = App.create(config, client(config), Clock.systemUTC())) {
                ScanReport report;
                try {
                    report = from == null ? app.scanner().scan(Scanner.Trigger.CLI)
                            : app.scanner().backfill(from.toInstant(), to.toInstant(), Scanner.Trigger.CLI);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                spec.commandLine().getOut().println(JSON.writeValueAsString(report));
                return switch (report.status()) {
                    case ScanRun.OK -> 0;
                    case ScanRun.DEGRADED -> 3;
                    default -> 1;
                };
            }
        }
    }

    @Command(name = "replay", description = "Run the rules over an exported audit log and print the findings "
            + "(JSON lines); touches no portal and no database.")
    static final class Replay implements Callable<Integer> {
        private final Map<String, String> env;

        @Parameters(paramLabel = "FILE", description = "a DocSpace list answer, a JSON array of events, or JSON lines")
        Path file;

        @Spec
        CommandLine.Model.CommandSpec spec;

        Replay(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            RuleEngine engine = loadRules(env);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AuditPage page;
            try {
                page = AuditExport.parse(Files.readString(file));
            } catch (IOException | DocSpaceException e) {
                String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
                err.println("docspace-guard: cannot replay " + file + ": " + reason);
                return CONFIG_ERROR;
            }
            page.rejected().forEach(r -> err.println("rejected: " + r.reason()));
            List<Finding> findings = engine.evaluate(page.events().stream().map(AuditEntry::toFact).toList());
            int reported = 0;
            for (Finding finding : findings) {
                if (Detector.PSEUDO_ACCOUNTS.contains(finding.userId())) {
                    err.println("skipped: " + finding.rule() + " for DocSpace pseudo-account " + finding.userId());
                    continue;
                }
                out.println(JSON.writeValueAsString(Map.of("rule", finding.rule(), "userId", finding.userId(),
                        "severity", finding.severity(), "fileCount", finding.fileIds().size(),
                        "firstEventAt", Instant.ofEpochMilli(finding.windowStart()),
                        "lastEventAt", Instant.ofEpochMilli(finding.windowEnd()),
                        "fileIds", finding.fileIds(), "eventIds", finding.eventIds(),
                        "autoDisable", finding.autoDisable())));
                reported++;
            }
            err.printf("%d events read, %d rejected, %d finding(s), rules %s%n", page.events().size(),
                    page.rejected().size(), reported, engine.active().version());
            if (page.events().isEmpty()) {
                err.println("docspace-guard: nothing replayed: " + (page.rejected().isEmpty()
                        ? file + " holds no events" : "every event in " + file + " was rejected"));
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "rules", description = "Work with the rule files.", subcommands = Cli.RulesTest.class)
    static final class Rules implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "test", description = "Run the scenario files beside the rules through the engine.")
    static final class RulesTest implements Callable<Integer> {
        private final Map<String, String> env;

        @Spec
        CommandLine.Model.CommandSpec spec;

        RulesTest(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws RuleLoadException, IOException {
            RuleEngine engine = loadRules(env);
            Path rulesDir = engine.rulesDir();
            ScenarioRunner runner = new ScenarioRunner(engine);
            PrintWriter out = spec.commandLine().getOut();
            int passed = 0;
            int failed = 0;
            for (Path file : ScenarioRunner.scenarioFiles(rulesDir)) {
                for (ScenarioRunner.Result result : runner.run(file)) {
                    out.printf("%s %s: %s%s%n", result.passed() ? "PASS" : "FAIL", result.file(), result.scenario(),
                            result.passed() ? "" : " -- " + result.message());
                    if (result.passed()) {
                        passed++;
                    } else {
                        failed++;
                    }
                }
            }
            out.printf("rule set %s%n", engine.active().version());
            out.printf("rules: %d passed, %d failed%n", passed, failed);
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "bench", description = "Benchmark the rule path against a plain-Java detector on generated events.")
    static final class Bench implements Callable<Integer> {
        private final Map<String, String> env;

        @Option(names = "--events", defaultValue = "1000000", description = "events to generate (default ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--seed", defaultValue = "42", description = "generator seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--repeat", defaultValue = "3", description = "runs of each measurement; the median is "
                + "reported (default ${DEFAULT-VALUE})")
        int repeat;

        @Option(names = "--burst-files", split = ",", defaultValue = "5000,20000,50000", description = "sizes of the "
                + "single bursts measured after the stream: one account changing that many files in 10 minutes "
                + "(default ${DEFAULT-VALUE}; 0 for none)")
        List<Integer> burstFiles;

        @Spec
        CommandLine.Model.CommandSpec spec;

        Bench(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws RuleLoadException {
            if (events < 1 || repeat < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--events and --repeat must be at least 1");
            }
            if (burstFiles.stream().anyMatch(n -> n < 0)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--burst-files must not be negative");
            }
            // The benchmark measures throughput over millions of events, not the time budget of one scan.
            Map<String, String> benchEnv = new HashMap<>(env);
            benchEnv.putIfAbsent("GUARD_RULE_TIME_BUDGET", "PT1H");
            RuleEngine engine = loadRules(benchEnv);
            Benchmark benchmark = new Benchmark(engine);
            Benchmark.Result result = benchmark.run(events, seed, repeat);
            PrintWriter out = spec.commandLine().getOut();
            Benchmark.print(result, engine.active().version(), out);
            List<Benchmark.BurstRun> bursts = benchmark.bursts(burstFiles.stream().filter(n -> n > 0).toList(), repeat);
            Benchmark.print(bursts, out);
            boolean burstsAgree = bursts.stream().allMatch(b -> b.sameFlagged() && b.episodeFiles() == b.files());
            return result.agree() && burstsAgree ? 0 : 1;
        }
    }

    @Command(name = "bench-recovery", description = "Benchmark recovering overwritten files against a simulated portal "
            + "that answers each request after a fixed latency.")
    static final class BenchRecovery implements Callable<Integer> {
        @Option(names = "--files", defaultValue = "1000", description = "files to recover (default ${DEFAULT-VALUE})")
        int files;

        @Option(names = "--latency-ms", defaultValue = "50", description = "the portal's latency per request "
                + "(default ${DEFAULT-VALUE})")
        int latencyMs;

        @Option(names = "--concurrency", defaultValue = "15", description = "files written at once, 1 to 15 "
                + "(default ${DEFAULT-VALUE})")
        int concurrency;

        @Spec
        CommandLine.Model.CommandSpec spec;

        BenchRecovery(Map<String, String> env) {
            // The benchmark makes its own portal and in-memory database; it reads no setting.
        }

        @Override
        public Integer call() throws Exception {
            if (files < 1 || latencyMs < 0 || concurrency < 1 || concurrency > 15) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--files must be at least 1, --latency-ms at least 0, --concurrency 1 to 15");
            }
            RecoveryBenchmark.Result result = new RecoveryBenchmark().run(files, Duration.ofMillis(latencyMs),
                    concurrency);
            RecoveryBenchmark.print(result, spec.commandLine().getOut());
            return result.done() == files && result.failed() == 0 ? 0 : 1;
        }
    }

    @Command(name = "bench-latency", description = "Measure, in real time with the default scan schedule, how long "
            + "after a burst's 21st file its incident is opened and its alert delivered; by polling alone, then with "
            + "DocSpace's webhook pushing each action.")
    static final class BenchLatency implements Callable<Integer> {
        @Option(names = "--bursts", defaultValue = "8", description = "bursts per mode, spread over the scan "
                + "schedule (default ${DEFAULT-VALUE})")
        int bursts;

        @Option(names = "--latency-ms", defaultValue = "50", description = "the portal's latency per request "
                + "(default ${DEFAULT-VALUE})")
        int latencyMs;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the burst timing (default ${DEFAULT-VALUE})")
        long seed;

        @Spec
        CommandLine.Model.CommandSpec spec;

        BenchLatency(Map<String, String> env) {
            // The benchmark makes its own portal and in-memory database with the default schedule; it reads no setting.
        }

        @Override
        public Integer call() throws Exception {
            if (bursts < 1 || bursts > 50 || latencyMs < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--bursts must be 1 to 50 and --latency-ms at least 0");
            }
            PrintWriter out = spec.commandLine().getOut();
            Config defaults = Config.fromEnv(Map.of());
            DetectionLatencyBenchmark benchmark = new DetectionLatencyBenchmark(defaults.scanInterval(),
                    defaults.scanLag());
            boolean allOpened = true;
            for (boolean push : new boolean[] {false, true}) {
                DetectionLatencyBenchmark.Result result = benchmark.run(bursts, push, Duration.ofMillis(latencyMs),
                        seed);
                DetectionLatencyBenchmark.print(result, out);
                out.flush();
                allOpened &= result.bursts().stream().allMatch(b -> b.opened() != null);
            }
            return allOpened ? 0 : 1;
        }
    }

    @Command(name = "bench-api", description = "Benchmark the HTTP API's read routes at fixed arrival rates (open loop) "
            + "on a seeded year of incidents in PostgreSQL, beside the time of each route's SQL.")
    static final class BenchApi implements Callable<Integer> {
        static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

        private final Map<String, String> env;

        @Option(names = "--db-url", description = "PostgreSQL JDBC URL (default: GUARD_DB_URL, else " + DEFAULT_DB_URL
                + "); GUARD_DB_USER and GUARD_DB_PASSWORD are used with it")
        String dbUrl;

        @Option(names = "--schema", defaultValue = "bench_api", description = "the benchmark's own schema, created "
                + "and reused; nothing else is touched (default ${DEFAULT-VALUE})")
        String schema;

        @Option(names = "--incidents", defaultValue = "100000", description = "incidents to seed (default "
                + "${DEFAULT-VALUE})")
        int incidents;

        @Option(names = "--rates", defaultValue = "40,200,500", split = ",", description = "requests per second, "
                + "one measurement each (default ${DEFAULT-VALUE})")
        List<Integer> rates;

        @Option(names = "--seconds", defaultValue = "20", description = "seconds per run (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--repeat", defaultValue = "3", description = "runs per rate; medians are reported (default "
                + "${DEFAULT-VALUE})")
        int repeat;

        @Option(names = "--out", defaultValue = "target/bench-api.json", description = "the results as JSON "
                + "(default ${DEFAULT-VALUE})")
        Path outFile;

        @Option(names = "--jvm-option", description = "an option of the service's JVM (a child process), repeatable; "
                + "any replaces the defaults (default: the recommended -Xmx272m -XX:+UseParallelGC)")
        List<String> jvmOptions = List.of();

        @Option(names = "--warmup-seconds", defaultValue = "60", description = "load before the measured runs, shared "
                + "among the rates, not counted (default ${DEFAULT-VALUE})")
        int warmupSeconds;

        @Spec
        CommandLine.Model.CommandSpec spec;

        BenchApi(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            String url = dbUrl != null ? dbUrl : env.getOrDefault("GUARD_DB_URL", DEFAULT_DB_URL);
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "bench-api measures PostgreSQL: --db-url (or GUARD_DB_URL) must start with jdbc:postgresql:");
            }
            if (!schema.matches("[a-z_][a-z0-9_]{0,62}") || schema.equals("public")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--schema must be a lower-case identifier of the benchmark's own, not public");
            }
            if (incidents < 1 || seconds < 1 || repeat < 1 || warmupSeconds < 0 || rates.isEmpty()
                    || rates.stream().anyMatch(rate -> rate < 1 || rate > 10_000)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--incidents, --seconds and --repeat must be at least 1, --warmup-seconds at least 0, --rates 1 to "
                                + "10000 each");
            }
            Config config = Config.fromEnv(env);
            ApiBenchmark.Settings settings = new ApiBenchmark.Settings(url, config.dbUser(), config.dbPassword(),
                    schema, incidents, List.copyOf(rates), Duration.ofSeconds(seconds), repeat, config.rulesDir(),
                    jvmOptions, Duration.ofSeconds(warmupSeconds));
            PrintWriter out = spec.commandLine().getOut();
            ApiBenchmark.Result result = new ApiBenchmark().run(settings, spec.commandLine().getErr());
            ApiBenchmark.print(result, out);
            ApiBenchmark.write(result, outFile);
            out.println("results: " + outFile);
            return 0;
        }
    }

    @Command(name = "bench-backfill", description = "Benchmark one-day backfills through the service's API, right after "
            + "it started and once it runs, against a simulated portal that answers each request after a fixed latency, "
            + "without and with DocSpace's rate limiter.")
    static final class BenchBackfill implements Callable<Integer> {
        private final Map<String, String> env;

        @Option(names = "--events", defaultValue = "100000", description = "events in each day (default ${DEFAULT-VALUE})")
        int events;

        @Option(names = "--latency-ms", defaultValue = "50", description = "the portal's latency per request "
                + "(default ${DEFAULT-VALUE})")
        int latencyMs;

        @Option(names = "--concurrency", defaultValue = "16", description = "GUARD_DOCSPACE_CONCURRENCY, 1 to 40 "
                + "(default ${DEFAULT-VALUE})")
        int concurrency;

        @Option(names = "--rate-limit", defaultValue = "1500", description = "requests a minute of the portal's "
                + "limiter and the service's budget in the limited runs; 0 skips them (default ${DEFAULT-VALUE})")
        int rateLimit;

        @Option(names = "--repeat", defaultValue = "3", description = "runs of each setting; the median is reported "
                + "(default ${DEFAULT-VALUE})")
        int repeat;

        @Option(names = "--db-url", description = "a PostgreSQL JDBC URL to backfill into as well, each run in a "
                + "schema of its own, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
        String dbUrl;

        @Option(names = "--jvm-option", description = "an option of the child JVM that runs the service, repeatable; "
                + "any replaces the defaults (default: the recommended -Xmx272m -XX:+UseParallelGC)")
        List<String> jvmOptions = List.of();

        @Option(names = "--no-sequential", description = "skip the sequential backfill the incidents are compared to")
        boolean noSequential;

        @Spec
        CommandLine.Model.CommandSpec spec;

        BenchBackfill(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            if (events < 1 || latencyMs < 0 || concurrency < 1 || concurrency > 40 || rateLimit < 0 || repeat < 1
                    || (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--events and --repeat must be at least "
                        + "1, --latency-ms and --rate-limit at least 0, --concurrency 1 to 40, --db-url a PostgreSQL URL");
            }
            BackfillBenchmark.Result result = new BackfillBenchmark(env).run(new BackfillBenchmark.Options(events,
                    Duration.ofMillis(latencyMs), concurrency, rateLimit, repeat, dbUrl, jvmOptions, !noSequential));
            BackfillBenchmark.print(result, spec.commandLine().getOut());
            return BackfillBenchmark.agree(result) ? 0 : 1;
        }
    }
}
