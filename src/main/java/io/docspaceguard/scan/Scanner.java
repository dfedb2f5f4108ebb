package io.docspaceguard.scan;

import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.Alerts;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.docspace.RejectedEvent;
import io.docspaceguard.engine.RuleBudgetExceededException;
import io.docspaceguard.store.EventStore;
import io.docspaceguard.store.InstanceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * or extend incidents. Chunks are read several at once ({@link SliceReader}) but stored and evaluated in event-time
 * order; a window longer than the rules' longest goes through them once, their state carried from chunk to chunk
 * ({@link ChunkedEvaluation}), judged while the next chunks are stored ({@link ChunkJudge}). The checkpoint moves only
 * over chunks stored and evaluated, contiguously from the window's start, so a crash or restart re-reads the rest,
 * and deduplication by event id and by open incident makes the re-read harmless.
 *
 * <p>Regular scans (from the checkpoint) run one at a time. A backfill (an explicit window) is bounded to what
 * DocSpace keeps, runs one at a time beside the regular scans so that it never holds them up, draws only on the
 * backfills' share of the portal's request budget, reports its progress chunk by chunk in {@code scan_run}, stops
 * after the current chunk when cancelled, and can be resumed from its last contiguous chunk when it stopped.
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
     * @param concurrency     how many chunks are read from DocSpace at once
     */
    public record Settings(Duration overlap, Duration lag, Duration initialLookback, Duration chunk, int concurrency) {
        /** Chunks read one at a time. */
        public Settings(Duration overlap, Duration lag, Duration initialLookback, Duration chunk) {
            this(overlap, lag, initialLookback, chunk, 1);
        }
    }

    private final AuditFeed feed;
    private final AuditFeed bulkFeed;
    private final SliceReader reader;
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
        this.bulkFeed = feed.forBulk();
        this.reader = new SliceReader(settings.concurrency());
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
            Optional<Instant> checkpoint = jdbi.onDemand(CheckpointDao.class).get(CHECKPOINT);
            Instant from = checkpoint.map(at -> at.minus(settings.overlap())).orElse(to.minus(settings.initialLookback()));
            return run(trigger, ScanRun.SCAN, from, to, null, checkpoint.orElse(from));
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
        return backfillRun(trigger, from, to, null);
    }

    /**
     * Continues a backfill that stopped before its end (interrupted by a restart, failed, cancelled, degraded) from
     * its last chunk that was stored and evaluated with all before it; the chunks after it are read again.
     *
     * @throws ScanNotFoundException there is no such scan
     * @throws ScanConflictException the scan is not a stopped backfill, was resumed already, or a backfill is running
     */
    public ScanReport resume(long runId, Trigger trigger) {
        ScanRunDao runs = jdbi.onDemand(ScanRunDao.class);
        ScanRun stopped = runs.get(runId).orElseThrow(() -> new ScanNotFoundException(runId));
        if (!stopped.resumable()) {
            throw new ScanConflictException("scan " + runId + " is a " + stopped.kind() + " with status "
                    + stopped.status() + "; only a backfill that stopped before its end can be resumed");
        }
        runs.resumedBy(runId).ifPresent(later -> {
            throw new ScanConflictException("scan " + runId + " was resumed already by scan " + later.id()
                    + (later.resumable() ? "; resume that one" : ""));
        });
        Instant from = stopped.doneUntil() == null ? stopped.windowFrom() : stopped.doneUntil();
        log.info("backfill {} resumes from {}", runId, from);
        return backfillRun(trigger, from, stopped.windowTo(), runId);
    }

    private ScanReport backfillRun(Trigger trigger, Instant from, Instant to, Long resumes) {
        if (!backfilling.tryLock()) {
            throw new ScanConflictException("a backfill is already running; wait for it or cancel it "
                    + "(POST /api/scans/{id}/cancel)");
        }
        try {
            return run(trigger, ScanRun.BACKFILL, from, to, resumes, null);
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
                        "interrupted: the service stopped while this scan ran; a regular scan's window is read again "
                                + "from the checkpoint, a backfill continues with POST /api/scans/{id}/resume");
            }
        }
        if (closed > 0) {
            log.warn("closed {} scan(s) left running by a stopped instance", closed);
        }
        return closed;
    }

    /**
     * @param judgedUntil where the checkpoint stood (regular scans): events stored after it were never judged by a scan
     *                    (one that stopped between storing and judging), so they are judged again though not new
     */
    private ScanReport run(Trigger trigger, String kind, Instant from, Instant to, Long resumes, Instant judgedUntil) {
        ScanRunDao runs = jdbi.onDemand(ScanRunDao.class);
        List<SliceReader.Slice> chunks = SliceReader.slices(from, to, settings.chunk());
        long runId = runs.start(ScanRun.started(clock.instant(), trigger.name().toLowerCase(Locale.ROOT), kind, from,
                to, chunks.size(), resumes), self);
        Progress progress = new Progress(runId, kind, chunks.size(), judgedUntil);
        // A window longer than the rules' longest, or a resumed backfill, goes through them once, chunk after chunk,
        // their state carried over and each batch judged while the next is stored. A shorter one (the regular scans) is
        // judged with the stored events of its new events' users around it, which costs less than the stored window
        // before it of everyone.
        ChunkJudge judge = null;
        try {
            judge = resumes != null || detector.worthCarrying(from, to) ? new ChunkJudge(detector.chunked(from)) : null;
            ChunkJudge chunked = judge;
            try {
                reader.read(kind.equals(ScanRun.BACKFILL) ? bulkFeed : feed, chunks,
                        read -> take(runs, progress, chunked, read));
            } catch (RuntimeException | Error e) {
                // What was judged still counts; the first failure is the one reported.
                if (chunked != null) {
                    try {
                        advance(runs, progress, chunked.settle());
                    } catch (RuntimeException | Error later) {
                        e.addSuppressed(later);
                    }
                }
                throw e;
            }
            if (chunked != null) {
                ChunkJudge.Judged last = chunked.settle();
                if (last != null && progress.done + last.chunks() == progress.total) {
                    // The window's end is done only with the stored activity after it judged too.
                    last = last.plus(chunked.finish(to));
                }
                advance(runs, progress, last);
            }
        } catch (DocSpaceException e) {
            progress.status = ScanRun.FAILED;
            progress.message = "DocSpace " + (e.status() == 0 ? "unreachable" : "answered " + e.status()) + ": "
                    + e.getMessage();
            health.failing(progress.message, clock.instant());
            log.warn("scan {} failed: {}", runId, progress.message);
        } catch (RuleBudgetExceededException e) {
            progress.status = ScanRun.FAILED;
            progress.message = "rules stopped" + (e.rule() == null ? "" : " at rule '" + e.rule() + "'") + ": "
                    + e.getMessage();
            alerts.announce(Alert.rulesStopped(e.rule(), e.getMessage()));
            log.error("scan {} failed: {}", runId, progress.message);
        } catch (RuntimeException e) {
            progress.status = ScanRun.FAILED;
            progress.message = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("scan {} failed", runId, e);
        } finally {
            if (judge != null) {
                judge.close();
            }
        }
        if (resumes != null) {
            progress.message = "resumes scan " + resumes + (progress.message == null ? "" : "; " + progress.message);
        }
        Tally tally = progress.tally;
        record(runs, runId, tally, progress.status, progress.message);
        // A scan every 10 s that found nothing new is worth a debug line, not 8,640 info lines a day.
        boolean noteworthy = tally.fresh > 0 || tally.rejected > 0 || !ScanRun.OK.equals(progress.status)
                || trigger != Trigger.SCHEDULE;
        String line = "scan={} kind={} trigger={} window={}..{} chunks={}/{} read={} new={} rejected={} opened={} "
                + "extended={} status={}";
        Object[] values = {runId, kind, trigger, from, to, progress.done, chunks.size(), tally.read, tally.fresh,
                tally.rejected, tally.opened, tally.extended, progress.status};
        if (noteworthy) {
            log.info(line, values);
        } else {
            log.debug(line, values);
        }
        return new ScanReport(runId, from, to, tally.read, tally.fresh, tally.rejected, tally.opened,
                tally.extended, progress.status, progress.message);
    }

    /**
     * Stores and evaluates the next chunks in order, then moves the checkpoint (regular scans) and the progress over
     * them; answers false to stop reading: cancelled, or the feed cannot be trusted.
     */
    private boolean take(ScanRunDao runs, Progress progress, ChunkJudge chunked, List<SliceReader.Read> reads) {
        Optional<String> cancelledBy = runs.cancelRequestedBy(progress.runId);
        if (cancelledBy.isPresent()) {
            if (chunked != null) {
                advance(runs, progress, chunked.settle());
            }
            progress.status = ScanRun.CANCELLED;
            progress.message = "cancelled by " + cancelledBy.get() + " after " + progress.done + " of "
                    + progress.total + " chunks";
            return false;
        }
        List<SliceReader.Read> usable = reads.stream().takeWhile(read -> !read.result().degraded()).toList();
        if (!usable.isEmpty()) {
            StoredBatch stored = store(usable, progress.tally);
            Instant doneUntil = usable.get(usable.size() - 1).slice().to();
            if (chunked != null) {
                advance(runs, progress, chunked.judge(stored.read(), usable.size(), doneUntil));
            } else {
                List<AuditEntry> unjudged = unjudged(stored, progress.judgedUntil);
                FindingRecorder.Outcome outcome = unjudged.isEmpty() ? FindingRecorder.Outcome.NONE
                        : detector.evaluateAround(unjudged);
                advance(runs, progress, new ChunkJudge.Judged(outcome, usable.size(), doneUntil));
            }
        }
        if (usable.size() < reads.size()) {
            progress.status = ScanRun.DEGRADED;
            progress.message = reads.get(usable.size()).result().degradedReason();
            degraded(progress.message);
            return false;
        }
        return true;
    }

    /** Moves the checkpoint (regular scans) and the progress over chunks judged; nothing when none were. */
    private void advance(ScanRunDao runs, Progress progress, ChunkJudge.Judged judged) {
        if (judged == null) {
            return;
        }
        progress.tally.add(judged.outcome());
        if (progress.kind.equals(ScanRun.SCAN)) {
            jdbi.onDemand(CheckpointDao.class).set(CHECKPOINT, judged.doneUntil());
        }
        health.ok(clock.instant());
        progress.done += judged.chunks();
        runs.progress(progress.runId, progress.done, judged.doneUntil(), progress.tally.counts());
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
        log.warn("audit feed degraded, nothing from the degraded read acted on: {}", reason);
    }

    /**
     * The new events, and those read after {@code judgedUntil} (null: none) that were stored before: a scan stored them
     * and stopped before it judged them, and the checkpoint stayed before them.
     */
    private static List<AuditEntry> unjudged(StoredBatch stored, Instant judgedUntil) {
        if (judgedUntil == null) {
            return stored.fresh();
        }
        Set<Long> fresh = new HashSet<>();
        stored.fresh().forEach(e -> fresh.add(e.id()));
        List<AuditEntry> unjudged = new ArrayList<>(stored.fresh());
        for (AuditEntry e : stored.read()) {
            if (e.at().isAfter(judgedUntil) && fresh.add(e.id())) {
                unjudged.add(e);
            }
        }
        return unjudged;
    }

    /** What a batch of chunks read, and which of it was stored for the first time. */
    private record StoredBatch(List<AuditEntry> read, List<AuditEntry> fresh) {
    }

    /** Stores the chunks' events at once, and keeps what the database refused in {@code rejected_event}. */
    private StoredBatch store(List<SliceReader.Read> reads, Tally tally) {
        List<AuditEntry> read = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        for (SliceReader.Read chunk : reads) {
            count(chunk.slice(), chunk.result().events(), tally);
            read.addAll(chunk.result().events());
            rejected.addAll(chunk.result().rejected());
        }
        events.reject(rejected);
        EventStore.Stored stored = events.store(read);
        int refused = rejected.size() + stored.refused().size();
        tally.rejected += refused;
        if (refused > 0) {
            log.warn("kept {} audit event(s) in rejected_event, first: {}", refused,
                    rejected.isEmpty() ? stored.refused().get(0).reason() : rejected.get(0).reason());
        }
        tally.fresh += stored.fresh().size();
        return new StoredBatch(read, stored.fresh());
    }

    /**
     * Counts the chunk's events as read. Chunks share their edge second (both bounds are inclusive, whole seconds):
     * an event there counts once. Only the previous chunk's edge is kept, not every id a long backfill read.
     */
    private static void count(SliceReader.Slice chunk, List<AuditEntry> events, Tally tally) {
        Instant edge = chunk.to().truncatedTo(ChronoUnit.SECONDS);
        Set<Long> atEdge = new HashSet<>();
        for (AuditEntry e : events) {
            if (!tally.atLastEdge.contains(e.id())) {
                tally.read++;
            }
            if (!e.at().isBefore(edge)) {
                atEdge.add(e.id());
            }
        }
        tally.atLastEdge = atEdge;
    }

    /** Where a running scan stands; touched by the one thread that reads and stores (judging hands back results). */
    private static final class Progress {
        final long runId;
        final String kind;
        final int total;
        final Instant judgedUntil;
        final Tally tally = new Tally();
        String status = ScanRun.OK;
        String message;
        int done;

        Progress(long runId, String kind, int total, Instant judgedUntil) {
            this.runId = runId;
            this.kind = kind;
            this.total = total;
            this.judgedUntil = judgedUntil;
        }
    }

    private static final class Tally {
        Set<Long> atLastEdge = Set.of();
        int read;
        int fresh;
        int rejected;
        int opened;
        int extended;

        void add(FindingRecorder.Outcome outcome) {
            opened += outcome.opened();
            extended += outcome.extended();
        }

        ScanRun.Counts counts() {
            return new ScanRun.Counts(read, fresh, rejected, opened, extended);
        }
    }
}
