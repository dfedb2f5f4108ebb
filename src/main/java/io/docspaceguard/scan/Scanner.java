package io.docspaceguard.scan;

import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.Alerts;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.engine.RuleBudgetExceededException;
import io.docspaceguard.store.EventStore;
import io.docspaceguard.store.InstanceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans: read a closed window of the audit trail in chunks, store what is new, run the rules over it and open
 * or extend incidents. The checkpoint moves only after a chunk is fully stored and evaluated, so a crash or
 * restart re-reads it, and deduplication by event id and by open incident makes the re-read harmless.
 *
 * <p>Regular scans (from the checkpoint) run one at a time. A backfill (an explicit window) is bounded to what
 * DocSpace keeps, runs one at a time beside the regular scans so that it never holds them up, reports its
 * progress chunk by chunk in {@code scan_run}, and stops after the current chunk when cancelled.
 */
public final class Scanner {
    private static final Logger log = LoggerFactory.getLogger(Scanner.class);
    static final String CHECKPOINT = "audit-feed";
    /** DocSpace keeps at most 180 days of audit history: a longer backfill reads nothing more. */
    public static final Duration MAX_BACKFILL = Duration.ofDays(180);

    public enum Trigger { SCHEDULE, API, CLI }

    /**
     * @param overlap         how far before the checkpoint each scan starts again (late audit writes)
     * @param lag             how far behind now a window ends (DocSpace writes audit rows asynchronously)
     * @param initialLookback where the very first scan starts
     * @param chunk           the longest window read at once; longer windows are read in chunks
     */
    public record Settings(Duration overlap, Duration lag, Duration initialLookback, Duration chunk) {
    }

    private final AuditFeed feed;
    private final Jdbi jdbi;
    private final EventStore events;
    private final Detector detector;
    private final Alerts alerts;
    private final Settings settings;
    private final InstanceRegistry instances;
    private final String self;
    private final Clock clock;
    private final FeedHealth health = new FeedHealth();
    private final ReentrantLock scanning = new ReentrantLock();
    private final ReentrantLock backfilling = new ReentrantLock();

    public Scanner(AuditFeed feed, Jdbi jdbi, Detector detector, Alerts alerts, Settings settings,
                   InstanceRegistry instances, InstanceRegistry.Instance self, Clock clock) {
        this.feed = feed;
        this.jdbi = jdbi;
        this.events = new EventStore(jdbi);
        this.detector = detector;
        this.alerts = alerts;
        this.settings = settings;
        this.instances = instances;
        this.self = self.id();
        this.clock = clock;
    }

    public FeedHealth health() {
        return health;
    }

    /** Scans from the checkpoint (less the overlap) up to now less the lag, and moves the checkpoint. */
    public ScanReport scan(Trigger trigger) {
        scanning.lock();
        try {
            Instant to = clock.instant().minus(settings.lag());
            Instant from = jdbi.onDemand(CheckpointDao.class).get(CHECKPOINT)
                    .map(checkpoint -> checkpoint.minus(settings.overlap()))
                    .orElse(to.minus(settings.initialLookback()));
            return run(trigger, ScanRun.SCAN, from, to);
        } finally {
            scanning.unlock();
        }
    }

    /**
     * Scans an explicit window; the checkpoint stays where it is.
     *
     * @throws IllegalArgumentException the window is empty, longer than {@link #MAX_BACKFILL} or reaches past now
     * @throws ScanConflictException    another backfill is running on this instance
     */
    public ScanReport backfill(Instant from, Instant to, Trigger trigger) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_BACKFILL) > 0) {
            throw new IllegalArgumentException("a backfill covers at most " + MAX_BACKFILL.toDays()
                    + " days, as much audit history as DocSpace keeps; split the window");
        }
        if (to.isAfter(clock.instant())) {
            throw new IllegalArgumentException("to is in the future; regular scans read up to now");
        }
        if (!backfilling.tryLock()) {
            throw new ScanConflictException("a backfill is already running; wait for it or cancel it "
                    + "(POST /api/scans/{id}/cancel)");
        }
        try {
            return run(trigger, ScanRun.BACKFILL, from, to);
        } finally {
            backfilling.unlock();
        }
    }

    /**
     * Asks a running scan, on this instance or another, to stop after the chunk it is reading.
     *
     * @throws ScanNotFoundException there is no such scan
     * @throws ScanConflictException the scan is not running
     */
    public ScanRun cancel(long runId, String actor) {
        ScanRunDao runs = jdbi.onDemand(ScanRunDao.class);
        ScanRun run = runs.get(runId).orElseThrow(() -> new ScanNotFoundException(runId));
        if (!runs.requestCancel(runId, actor)) {
            throw new ScanConflictException("scan " + runId + " is " + runs.get(runId).orElse(run).status()
                    + "; only a running scan can be cancelled");
        }
        log.info("scan={} cancel requested by={}", runId, actor);
        return runs.get(runId).orElseThrow();
    }

    public Optional<ScanRun> get(long runId) {
        return jdbi.onDemand(ScanRunDao.class).get(runId);
    }

    /** Up to {@code limit} scans, newest first, older than {@code beforeId} when it is given. */
    public List<ScanRun> recent(int limit, Long beforeId) {
        return jdbi.onDemand(ScanRunDao.class).recent(limit, beforeId);
    }

    /**
     * Closes as interrupted the scans marked running by instances that are gone (crashed, killed); run at
     * start-up and before each scheduled scan. Returns how many were closed.
     */
    public int closeInterrupted() {
        ScanRunDao runs = jdbi.onDemand(ScanRunDao.class);
        int closed = 0;
        for (String instance : runs.runningInstances()) {
            if (!self.equals(instance) && !instances.isRunning(instance)) {
                closed += runs.interrupt(instance, clock.instant(),
                        "interrupted: the service stopped while this scan ran; its window is read again");
            }
        }
        if (closed > 0) {
            log.warn("closed {} scan(s) left running by a stopped instance", closed);
        }
        return closed;
    }

    private ScanReport run(Trigger trigger, String kind, Instant from, Instant to) {
        ScanRunDao runs = jdbi.onDemand(ScanRunDao.class);
        int chunks = chunksIn(from, to);
        long runId = runs.start(ScanRun.started(clock.instant(), trigger.name().toLowerCase(Locale.ROOT), kind, from,
                to, chunks), self);
        Tally tally = new Tally();
        String status = ScanRun.OK;
        String message = null;
        int done = 0;
        try {
            for (Instant start = from; start.isBefore(to); start = start.plus(settings.chunk())) {
                Optional<String> cancelledBy = runs.cancelRequestedBy(runId);
                if (cancelledBy.isPresent()) {
                    status = ScanRun.CANCELLED;
                    message = "cancelled by " + cancelledBy.get() + " after " + done + " of " + chunks + " chunks";
                    break;
                }
                Instant end = min(start.plus(settings.chunk()), to);
                AuditFeed.FeedResult result = feed.read(start, end);
                if (result.degraded()) {
                    status = ScanRun.DEGRADED;
                    message = result.degradedReason();
                    degraded(message);
                    break;
                }
                process(result, tally);
                if (kind.equals(ScanRun.SCAN)) {
                    jdbi.onDemand(CheckpointDao.class).set(CHECKPOINT, end);
                }
                health.ok(clock.instant());
                runs.progress(runId, ++done, tally.counts());
            }
        } catch (DocSpaceException e) {
            status = ScanRun.FAILED;
            message = "DocSpace " + (e.status() == 0 ? "unreachable" : "answered " + e.status()) + ": " + e.getMessage();
            health.failing(message, clock.instant());
            log.warn("scan {} failed: {}", runId, message);
        } catch (RuleBudgetExceededException e) {
            status = ScanRun.FAILED;
            message = "rules stopped" + (e.rule() == null ? "" : " at rule '" + e.rule() + "'") + ": "
                    + e.getMessage();
            alerts.announce(Alert.rulesStopped(e.rule(), e.getMessage()));
            log.error("scan {} failed: {}", runId, message);
        } catch (RuntimeException e) {
            status = ScanRun.FAILED;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("scan {} failed", runId, e);
        }
        record(runs, runId, tally, status, message);
        log.info("scan={} kind={} trigger={} window={}..{} chunks={}/{} read={} new={} rejected={} opened={} "
                        + "extended={} status={}", runId, kind, trigger, from, to, done, chunks, tally.read,
                tally.fresh, tally.rejected, tally.opened, tally.extended, status);
        return new ScanReport(runId, from, to, tally.read, tally.fresh, tally.rejected, tally.opened,
                tally.extended, status, message);
    }

    /** Records the outcome; a scan's failure is never lost because recording it failed too. */
    private void record(ScanRunDao runs, long runId, Tally tally, String status, String message) {
        try {
            runs.finish(runId, clock.instant(), tally.counts(), status, message);
        } catch (RuntimeException e) {
            log.error("recording scan {} as {} failed; recording it as failed without its message", runId, status, e);
            runs.finish(runId, clock.instant(), tally.counts(), ScanRun.FAILED,
                    "the outcome could not be recorded: " + e.getClass().getSimpleName());
        }
    }

    private void degraded(String reason) {
        if (health.get().status() != FeedHealth.Status.DEGRADED) {
            alerts.announce(Alert.feedDegraded(reason));
        }
        health.degraded(reason, clock.instant());
        log.warn("audit feed degraded, nothing acted on: {}", reason);
    }

    private void process(AuditFeed.FeedResult result, Tally tally) {
        // Chunks share their boundary second (both bounds are inclusive): count each event once per scan.
        result.events().forEach(e -> tally.seen.add(e.id()));
        tally.read = tally.seen.size();
        events.reject(result.rejected());
        EventStore.Stored stored = events.store(result.events());
        int rejected = result.rejected().size() + stored.refused().size();
        tally.rejected += rejected;
        if (rejected > 0) {
            log.warn("kept {} audit event(s) in rejected_event, first: {}", rejected,
                    result.rejected().isEmpty() ? stored.refused().get(0).reason() : result.rejected().get(0).reason());
        }
        tally.fresh += stored.fresh().size();
        if (!stored.fresh().isEmpty()) {
            Detector.Outcome outcome = detector.evaluateAround(stored.fresh());
            tally.opened += outcome.opened();
            tally.extended += outcome.extended();
        }
    }

    private int chunksIn(Instant from, Instant to) {
        long millis = Duration.between(from, to).toMillis();
        long chunk = settings.chunk().toMillis();
        return (int) Math.max(0, (millis + chunk - 1) / chunk);
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
