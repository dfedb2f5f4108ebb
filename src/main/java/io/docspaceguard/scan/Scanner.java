package io.docspaceguard.scan;

import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.Alerts;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.facts.Finding;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.RecordOutcome;
import io.docspaceguard.store.AuditEventDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan: read a closed window of the audit trail, store what is new, run the rules over the new events
 * and the stored events around them, and open or extend incidents. The checkpoint moves only after a
 * window is fully stored and evaluated, so a crash or restart re-reads it, and deduplication by event id
 * and by open incident makes the re-read harmless.
 */
public final class Scanner {
    private static final Logger log = LoggerFactory.getLogger(Scanner.class);
    static final String CHECKPOINT = "audit-feed";

    /** DocSpace's pseudo-accounts (system, anonymous, lost user, no user): there is no account to disable. */
    public static final Set<String> PSEUDO_ACCOUNTS = Set.of(
            "a37ee56e-3302-4a7b-b67e-ddbea64cd032",
            "712d9ec3-5d2b-4b13-824f-71f00191dcca",
            "4a515a15-d4d6-4b8e-828e-e0586f18f3a3",
            "00000000-0000-0000-0000-000000000000");

    public enum Trigger { SCHEDULE, API, CLI }

    /**
     * @param overlap         how far before the checkpoint each scan starts again (late audit writes)
     * @param lag             how far behind now a window ends (DocSpace writes audit rows asynchronously)
     * @param initialLookback where the very first scan starts
     * @param chunk           the longest window read at once; longer gaps are read in chunks
     * @param ruleContext     stored history on each side of new events that the rules see again
     */
    public record Settings(Duration overlap, Duration lag, Duration initialLookback, Duration chunk,
                           Duration ruleContext) {
    }

    private final AuditFeed feed;
    private final Jdbi jdbi;
    private final RuleEngine engine;
    private final IncidentService incidents;
    private final AutoDisablePolicy autoDisable;
    private final Alerts alerts;
    private final Settings settings;
    private final Clock clock;
    private final FeedHealth health = new FeedHealth();

    public Scanner(AuditFeed feed, Jdbi jdbi, RuleEngine engine, IncidentService incidents, AutoDisablePolicy autoDisable,
                   Alerts alerts, Settings settings, Clock clock) {
        this.feed = feed;
        this.jdbi = jdbi;
        this.engine = engine;
        this.incidents = incidents;
        this.autoDisable = autoDisable;
        this.alerts = alerts;
        this.settings = settings;
        this.clock = clock;
    }

    public FeedHealth health() {
        return health;
    }

    /** Scans from the checkpoint (less the overlap) up to now less the lag, and moves the checkpoint. */
    public synchronized ScanReport scan(Trigger trigger) {
        Instant to = clock.instant().minus(settings.lag());
        Instant from = jdbi.onDemand(CheckpointDao.class).get(CHECKPOINT)
                .map(checkpoint -> checkpoint.minus(settings.overlap()))
                .orElse(to.minus(settings.initialLookback()));
        return run(trigger, from, to, true);
    }

    /** Scans an explicit window (a backfill); the checkpoint stays where it is. */
    public synchronized ScanReport backfill(Instant from, Instant to, Trigger trigger) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        return run(trigger, from, to, false);
    }

    private ScanReport run(Trigger trigger, Instant from, Instant to, boolean moveCheckpoint) {
        ScanRunDao runs = jdbi.onDemand(ScanRunDao.class);
        long runId = runs.start(ScanRun.started(clock.instant(), trigger.name().toLowerCase(Locale.ROOT), from, to));
        Tally tally = new Tally();
        String status = ScanRun.OK;
        String message = null;
        try {
            for (Instant start = from; start.isBefore(to); start = start.plus(settings.chunk())) {
                Instant end = min(start.plus(settings.chunk()), to);
                AuditFeed.FeedResult result = feed.read(start, end);
                if (result.degraded()) {
                    status = ScanRun.DEGRADED;
                    message = result.degradedReason();
                    if (health.get().status() != FeedHealth.Status.DEGRADED) {
                        alerts.announce(Alert.feedDegraded(message));
                    }
                    health.degraded(message, clock.instant());
                    log.warn("audit feed degraded, nothing acted on: {}", message);
                    break;
                }
                process(result, tally);
                if (moveCheckpoint) {
                    jdbi.onDemand(CheckpointDao.class).set(CHECKPOINT, end);
                }
                health.ok(clock.instant());
            }
        } catch (DocSpaceException e) {
            status = ScanRun.FAILED;
            message = "DocSpace " + (e.status() == 0 ? "unreachable" : "answered " + e.status()) + ": " + e.getMessage();
            health.failing(message, clock.instant());
            log.warn("scan {} failed: {}", runId, message);
        } catch (RuntimeException e) {
            status = ScanRun.FAILED;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("scan {} failed", runId, e);
        }
        runs.finish(runId, clock.instant(), tally.counts(), status, message);
        log.info("scan={} trigger={} window={}..{} read={} new={} rejected={} opened={} extended={} status={}",
                runId, trigger, from, to, tally.read, tally.fresh, tally.rejected, tally.opened, tally.extended, status);
        return new ScanReport(runId, from, to, tally.read, tally.fresh, tally.rejected, tally.opened,
                tally.extended, status, message);
    }

    private void process(AuditFeed.FeedResult result, Tally tally) {
        AuditEventDao events = jdbi.onDemand(AuditEventDao.class);
        // Chunks share their boundary second (both bounds are inclusive): count each event once per scan.
        result.events().forEach(e -> tally.seen.add(e.id()));
        tally.read = tally.seen.size();
        tally.rejected += result.rejected().size();
        if (!result.rejected().isEmpty()) {
            events.saveRejected(result.rejected());
            log.warn("kept {} malformed audit event(s) in rejected_event, first: {}", result.rejected().size(),
                    result.rejected().get(0).reason());
        }
        List<AuditEntry> fresh = events.insertNew(result.events());
        tally.fresh += fresh.size();
        if (!fresh.isEmpty()) {
            evaluateAround(fresh, tally);
        }
    }

    /**
     * Runs the rules over the new events together with the stored events within the rule context on both
     * sides, so a late event joins the burst it belongs to and a window spanning two scans is whole.
     */
    private void evaluateAround(List<AuditEntry> fresh, Tally tally) {
        Instant first = fresh.stream().map(AuditEntry::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = fresh.stream().map(AuditEntry::at).max(Comparator.naturalOrder()).orElseThrow();
        List<AuditEntry> around = jdbi.onDemand(AuditEventDao.class)
                .between(first.minus(settings.ruleContext()), last.plus(settings.ruleContext()));
        Map<String, String> userNames = new HashMap<>();
        around.forEach(e -> {
            if (e.userName() != null) {
                userNames.put(e.userId(), e.userName());
            }
        });
        String rulesVersion = engine.active().version();
        List<Finding> findings = engine.evaluate(around.stream().map(AuditEntry::toFact).toList());
        for (Finding finding : findings) {
            if (PSEUDO_ACCOUNTS.contains(finding.userId())) {
                continue;
            }
            RecordOutcome outcome = incidents.record(finding, userNames.get(finding.userId()), rulesVersion);
            switch (outcome.kind()) {
                case OPENED -> {
                    tally.opened++;
                    alerts.announce(Alert.incidentOpened(outcome.incident()));
                    if (finding.autoDisable()) {
                        autoDisable.autoDisable(outcome.incident());
                    }
                }
                case EXTENDED -> tally.extended++;
                default -> { }
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static final class Tally {
        final Set<Long> seen = new HashSet<>();
        int read;
        int fresh;
        int rejected;
        int opened;
        int extended;

        ScanRun.Counts counts() {
            return new ScanRun.Counts(read, fresh, rejected, opened, extended);
        }
    }
}
