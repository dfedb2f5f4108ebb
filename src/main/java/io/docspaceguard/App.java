package io.docspaceguard;

import io.docspaceguard.alert.AlertService;
import io.docspaceguard.alert.Alerts;
import io.docspaceguard.alert.IncidentAlerts;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleLoadException;
import io.docspaceguard.engine.RuleWatcher;
import io.docspaceguard.http.HttpApi;
import io.docspaceguard.incident.AccountProtection;
import io.docspaceguard.incident.ActionJournal;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.BulkWorkService;
import io.docspaceguard.incident.DecisionService;
import io.docspaceguard.incident.IncidentNotices;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.recovery.RecoveryPlanner;
import io.docspaceguard.recovery.RecoveryRunner;
import io.docspaceguard.scan.ContainerSizes;
import io.docspaceguard.scan.Detector;
import io.docspaceguard.scan.Scanner;
import io.docspaceguard.store.AuditEventDao;
import io.docspaceguard.store.Database;
import io.docspaceguard.store.InstanceRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the service from its configuration: every object is made here with {@code new}, the only place
 * that names concrete implementations. Tests call {@link #create} with a fake DocSpace and a fixed clock.
 */
public final class App implements AutoCloseable {
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
    private final HttpApi http;
    private final List<AutoCloseable> closeOnStop = new ArrayList<>();
    private RuleWatcher watcher;
    private ScheduledExecutorService schedule;

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.getenv()));
    }

    private App(Config config, Jdbi jdbi, RuleEngine engine, IncidentService incidents, ActionJournal journal,
                DecisionService decisions, BulkWorkService bulkWork, RecoveryPlanner recoveryPlanner,
                RecoveryRunner recovery, AutoDisablePolicy autoDisable, Scanner scanner) {
        this.config = config;
        this.jdbi = jdbi;
        this.engine = engine;
        this.incidents = incidents;
        this.journal = journal;
        this.autoDisable = autoDisable;
        this.scanner = scanner;
        this.recovery = recovery;
        this.http = new HttpApi(config, new HttpApi.Services(engine, scanner, incidents, decisions,
                bulkWork, recoveryPlanner, recovery, jdbi));
    }

    /**
     * Migrates the database and loads the rules; nothing listens or runs until {@link #start()}.
     *
     * @throws RuleLoadException when the rule folder does not compile: there is no older rule set to fall back on
     */
    public static App create(Config config, DocSpaceClient docSpace, Clock clock) throws RuleLoadException {
        AlertService alerts = new AlertService(config.alertSettings());
        App app = create(config, docSpace, alerts, clock);
        app.closeOnStop.add(alerts);
        return app;
    }

    /** As {@link #create(Config, DocSpaceClient, Clock)}, announcing alerts through {@code alerts}. */
    public static App create(Config config, DocSpaceClient docSpace, Alerts alerts, Clock clock)
            throws RuleLoadException {
        Database database = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword());
        Jdbi jdbi = database.jdbi();
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
                new ContainerSizes(docSpace, clock), protection::isServiceAccount, clock);
        Scanner scanner = new Scanner(new AuditFeed(docSpace), jdbi, detector, alerts, settings,
                database.instances(), self, clock);
        log.info("database {} ready, rules {} loaded from {}", database.describe(), engine.active().version(),
                config.rulesDir());
        RecoveryPlanner planner = new RecoveryPlanner(docSpace, config.recoveryConcurrency(),
                protection::isServiceAccount);
        RecoveryRunner recovery = new RecoveryRunner(jdbi, docSpace, incidents, planner, alerts,
                new RecoveryRunner.Settings(config.dryRun(), config.recoveryWritesPerDay(),
                        config.recoveryConcurrency()), database.instances(), self.id(), clock);
        App app = new App(config, jdbi, engine, incidents, journal, decisions, new BulkWorkService(jdbi, clock),
                planner, recovery, autoDisable, scanner);
        app.closeOnStop.add(recovery);
        app.closeOnStop.add(self);
        return app;
    }

    /**
     * Closes the scans and finishes the account actions that stopped instances left unfinished, then starts
     * the HTTP API, the rule-folder watcher and, unless the interval is zero, scheduled scans.
     */
    public App start() {
        scanner.closeInterrupted();
        int reconciled = journal.reconcile();
        if (reconciled > 0) {
            log.info("reconciled {} account action(s) left unfinished by the previous run", reconciled);
        }
        recovery.resumeAll();
        http.start();
        watcher = new RuleWatcher(engine).start(RULE_CHECK_MILLIS);
        if (config.scheduled()) {
            schedule = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "scan-schedule"));
            long interval = config.scanInterval().toMillis();
            schedule.scheduleWithFixedDelay(this::scheduledScan, 0, interval, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void scheduledScan() {
        try {
            scanner.closeInterrupted();
            scanner.scan(Scanner.Trigger.SCHEDULE);
            journal.reconcile();
            autoDisable.expireAutoDisables();
        } catch (RuntimeException e) {
            // A failed scan must not end the schedule; the scan run and /health already say what happened.
            log.error("scheduled scan failed", e);
        }
    }

    public int port() {
        return http.port();
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
            schedule.shutdownNow();
        }
        if (watcher != null) {
            watcher.close();
        }
        http.stop();
        for (AutoCloseable resource : closeOnStop) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource, e.toString());
            }
        }
    }
}
