package io.docspaceguard;

import io.docspaceguard.alert.AlertService;
import io.docspaceguard.alert.Alerts;
import io.docspaceguard.alert.IncidentAlerts;
import io.docspaceguard.demo.Demo;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.WebhookSignature;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleLoadException;
import io.docspaceguard.engine.RuleWatcher;
import io.docspaceguard.http.HttpApi;
import io.docspaceguard.incident.AccountProtection;
import io.docspaceguard.incident.ActionJournal;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.BulkWorkService;
import io.docspaceguard.incident.AssignmentService;
import io.docspaceguard.incident.DecisionService;
import io.docspaceguard.incident.IncidentNotices;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.TrailExport;
import io.docspaceguard.incident.TrailExports;
import io.docspaceguard.incident.TrailService;
import io.docspaceguard.recovery.RecoveryPlanner;
import io.docspaceguard.recovery.RecoveryRunner;
import io.docspaceguard.scan.ContainerSizes;
import io.docspaceguard.scan.DetectionLatency;
import io.docspaceguard.scan.Detector;
import io.docspaceguard.scan.ScanSchedule;
import io.docspaceguard.scan.Scanner;
import io.docspaceguard.scan.WebhookReceiver;
import io.docspaceguard.store.AuditEventDao;
import io.docspaceguard.store.Database;
import io.docspaceguard.store.DatabaseStats;
import io.docspaceguard.store.InstanceRegistry;
import io.docspaceguard.store.Leadership;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the service from its configuration: every object is made here with {@code new}, the only place
 * that names concrete implementations. Tests call {@link #create} with a fake DocSpace and a fixed clock.
 */
public final class App implements Demo.Service {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    static final long RULE_CHECK_MILLIS = 2_000;
    /** How many of the most recent stored events a new rule set is trial-run on before it goes live. */
    static final int TRIAL_EVENTS = 20_000;

    private final Config config;
    private final Jdbi jdbi;
    private final RuleEngine engine;
    private final IncidentService incidents;
    private final Scanner scanner;
    private final RecoveryRunner recovery;
    private final ActionJournal journal;
    private final AutoDisablePolicy autoDisable;
    private final HttpApi.Services services;
    private HttpApi http;
    private final List<AutoCloseable> closeOnStop = new ArrayList<>();
    private final Leadership leadership;
    private RuleWatcher watcher;
    private ScanSchedule schedule;

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.getenv()));
    }

    private App(Config config, Jdbi jdbi, RuleEngine engine, IncidentService incidents, ActionJournal journal,
                DecisionService decisions, AssignmentService assignments, BulkWorkService bulkWork,
                RecoveryPlanner recoveryPlanner, RecoveryRunner recovery, AutoDisablePolicy autoDisable, Scanner scanner, Leadership leadership,
                PrometheusRegistry metrics, HttpApi.Webhook webhook) {
        this.config = config;
        this.jdbi = jdbi;
        this.engine = engine;
        this.incidents = incidents;
        this.journal = journal;
        this.autoDisable = autoDisable;
        this.scanner = scanner;
        this.recovery = recovery;
        this.leadership = leadership;
        this.services = new HttpApi.Services(engine, scanner, incidents, decisions,
                assignments, bulkWork, recoveryPlanner, recovery, new TrailService(jdbi), new DatabaseStats(jdbi),
                leadership::leading, metrics, webhook);
    }

    /**
     * Migrates the database and loads the rules; nothing listens or runs until {@link #start()}.
     *
     * @throws RuleLoadException when the rule folder does not compile: there is no older rule set to fall back on
     */
    public static App create(Config config, DocSpaceClient docSpace, Clock clock) throws RuleLoadException {
        DetectionLatency latency = new DetectionLatency(clock);
        AlertService alerts;
        try {
            alerts = new AlertService(config.alertSettings(), AlertService.Pacing.defaults(), latency::delivered,
                    clock);
        } catch (UncheckedIOException e) {
            // The SIEM file went away or lost its permissions between the check in Config and here.
            throw new ConfigException(e.getMessage());
        }
        try {
            App app = create(config, docSpace, alerts, alerts, latency, clock);
            app.closeOnStop.add(alerts);
            return app;
        } catch (RuleLoadException | RuntimeException e) {
            alerts.close();
            throw e;
        }
    }

    /**
     * The service on the settings of {@code env}, started: how the demo runs it against its simulated portal.
     *
     * @throws RuleLoadException when the rule folder does not compile
     */
    public static App launch(Map<String, String> env, DocSpaceClient docSpace, Clock clock) throws RuleLoadException {
        return create(Config.fromEnv(env), docSpace, clock).start();
    }

    /**
     * As {@link #create(Config, DocSpaceClient, Clock)}, announcing alerts through {@code alerts}; the detection
     * latency it reports stops at the opened incident, since deliveries are not its own.
     */
    public static App create(Config config, DocSpaceClient docSpace, Alerts alerts, Clock clock)
            throws RuleLoadException {
        return create(config, docSpace, alerts, TrailExport.NONE, new DetectionLatency(clock), clock);
    }

    private static App create(Config config, DocSpaceClient docSpace, Alerts alerts, TrailExport trailExport,
                              DetectionLatency latency, Clock clock) throws RuleLoadException {
        config.existingRulesDir(); // before the database is touched: a wrong folder is the likelier mistake
        Database database = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), null,
                config.dbPoolSize());
        try {
            return create(config, docSpace, alerts, trailExport, latency, clock, database);
        } catch (RuleLoadException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static App create(Config config, DocSpaceClient docSpace, Alerts alerts, TrailExport trailExport,
                              DetectionLatency latency, Clock clock, Database database) throws RuleLoadException {
        Jdbi jdbi = database.jdbi();
        jdbi.getConfig(TrailExports.class).use(trailExport);
        PrometheusRegistry metrics = new PrometheusRegistry();
        database.poolMetrics().register(metrics);
        latency.register(metrics);
        RuleEngine engine = new RuleEngine(config.rulesDir(), clock, config.rulePartitions(), config.ruleBudget(),
                () -> jdbi.onDemand(AuditEventDao.class).latest(TRIAL_EVENTS).stream().map(AuditEntry::toFact)
                        .toList());
        engine.reload();
        InstanceRegistry.Instance self = database.instances().join();
        IncidentService incidents = new IncidentService(jdbi, clock);
        IncidentNotices notices = new IncidentAlerts(alerts);
        AccountProtection protection = new AccountProtection(docSpace, config.protectedUsers());
        ActionJournal journal = new ActionJournal(jdbi, docSpace, notices, config.dryRun(),
                database.instances(), self, clock);
        DecisionService decisions = new DecisionService(jdbi, journal, protection, clock);
        AutoDisablePolicy autoDisable = new AutoDisablePolicy(jdbi, journal, protection, notices,
                new AutoDisablePolicy.Settings(config.maxAutoDisablesPerHour(), config.autoDisableExpiry()), clock);
        Scanner.Settings settings = new Scanner.Settings(config.scanOverlap(), config.scanLag(),
                config.initialLookback(), config.scanChunk(), config.docSpaceConcurrency());
        Detector detector = new Detector(jdbi, engine, incidents, autoDisable, alerts, config.alertSuppression(),
                new ContainerSizes(docSpace, clock), protection::isServiceAccount, latency, clock);
        Scanner scanner = new Scanner(new AuditFeed(docSpace), jdbi, detector, alerts, settings,
                database.instances(), self, clock);
        HttpApi.Webhook webhook = config.webhookEnabled()
                ? new HttpApi.Webhook(new WebhookSignature(config.webhookSecret()),
                        new WebhookReceiver(jdbi, detector, engine, clock))
                : null;
        log.info("database {} ready, rules {} loaded from {}", database.describe(), engine.active().version(),
                config.rulesDir());
        RecoveryPlanner planner = new RecoveryPlanner(docSpace, config.recoveryConcurrency(),
                protection::isServiceAccount);
        RecoveryRunner recovery = new RecoveryRunner(jdbi, docSpace, incidents, planner, alerts,
                new RecoveryRunner.Settings(config.dryRun(), config.recoveryWritesPerDay(),
                        config.recoveryConcurrency()), database.instances(), self.id(), clock);
        App app = new App(config, jdbi, engine, incidents, journal, decisions,
                new AssignmentService(jdbi, clock), new BulkWorkService(jdbi, clock),
                planner, recovery, autoDisable, scanner, database.leadership(), metrics, webhook);
        app.closeOnStop.add(recovery);
        app.closeOnStop.add(app.leadership);
        app.closeOnStop.add(self);
        app.closeOnStop.add(database);
        return app;
    }

    /**
     * Closes the scans and finishes the account actions that stopped instances left unfinished, then starts
     * the HTTP API, the rule-folder watcher and, unless the interval is zero, the scheduled scans, which run on
     * whichever instance on the database leads.
     */
    public App start() {
        config.warnings().forEach(log::warn);
        scanner.closeInterrupted();
        int reconciled = journal.reconcile();
        if (reconciled > 0) {
            log.info("reconciled {} account action(s) left unfinished by the previous run", reconciled);
        }
        recovery.resumeAll();
        // Made here, not in create: a one-off scan builds no web server at all.
        http = new HttpApi(new HttpApi.Settings(config.httpHost(), config.httpPort(), config.maxRequestBytes(),
                config.httpMaxConnections(), config.apiTokens(), config.docSpaceHost()), services).start();
        watcher = new RuleWatcher(engine).start(RULE_CHECK_MILLIS);
        if (config.scheduled()) {
            schedule = new ScanSchedule(leadership, config.scanInterval(), this::scheduledWork).start();
        }
        return this;
    }

    private void scheduledWork() {
        scanner.closeInterrupted();
        scanner.scan(Scanner.Trigger.SCHEDULE);
        journal.reconcile();
        autoDisable.expireAutoDisables();
    }

    public int port() {
        return http.port();
    }

    /** The HTTP routes it serves once started. */
    public List<HttpApi.Route> routes() {
        return http.routes();
    }

    public Scanner scanner() {
        return scanner;
    }

    public RuleEngine engine() {
        return engine;
    }

    public ActionJournal journal() {
        return journal;
    }

    public IncidentService incidents() {
        return incidents;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (http != null) {
            http.stop();
        }
        for (AutoCloseable resource : closeOnStop) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource, e.toString());
            }
        }
    }
}
