package io.docspaceguard.recovery;

import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.Alerts;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.docspace.FileVersion;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentDao;
import io.docspaceguard.incident.IncidentDetail;
import io.docspaceguard.incident.IncidentNotFoundException;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.incident.TrailDao;
import io.docspaceguard.incident.TrailEntry;
import io.docspaceguard.store.InstanceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an incident's recovery plan in the background, {@code concurrency} files at a time (DocSpace allows 15
 * concurrent writes), through a journal: each file's intent is stored before its write and its outcome after, so a restart
 * resumes where it stopped and a file whose write may have happened is read back, never written twice. DocSpace's
 * 429 and 503 are waited out by the client (honouring Retry-After); the run pauses while the day's recovery writes
 * would pass {@code writesPerDay}. Start, finish and cancel are in the audit trail; the finish is alerted.
 */
public final class RecoveryRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecoveryRunner.class);
    /** How long a run waits before looking again when its daily budget is spent or DocSpace did not answer. */
    static final Duration PAUSE = Duration.ofSeconds(5);

    /** Starting a run the incident does not allow, or a second one. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * @param dryRun       GUARD_DRY_RUN: every write becomes a recorded "would"
     * @param writesPerDay the share of DocSpace's 10,000 writes a day recovery may use
     * @param concurrency  files written at once (DocSpace allows 15 concurrent writes per user)
     */
    public record Settings(boolean dryRun, int writesPerDay, int concurrency) {
        public Settings {
            if (concurrency < 1 || concurrency > 15) {
                throw new IllegalArgumentException("recovery concurrency must be 1 to 15, got " + concurrency);
            }
        }
    }

    private final Jdbi jdbi;
    private final DocSpaceClient docSpace;
    private final IncidentService incidents;
    private final RecoveryPlanner planner;
    private final Alerts alerts;
    private final Settings settings;
    private final InstanceRegistry instances;
    private final String self;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "recovery"));
    private final ExecutorService writers;

    /**
     * @param instances the running instances, so that a run is resumed only when the instance running it is gone
     * @param self      this instance's id
     */
    public RecoveryRunner(Jdbi jdbi, DocSpaceClient docSpace, IncidentService incidents, RecoveryPlanner planner,
                          Alerts alerts, Settings settings, InstanceRegistry instances, String self, Clock clock) {
        this.jdbi = jdbi;
        this.docSpace = docSpace;
        this.incidents = incidents;
        this.planner = planner;
        this.alerts = alerts;
        this.settings = settings;
        this.instances = instances;
        this.self = self;
        this.clock = clock;
        this.writers = Executors.newFixedThreadPool(settings.concurrency(), r -> daemon(r, "recovery-writer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Plans and starts the recovery of a disabled incident (the account can no longer fight back).
     *
     * @throws RefusedException the incident is not disabled, or a run of it is still going
     */
    public RecoveryRun start(long incidentId, String actor, String comment) {
        IncidentDetail detail = incidents.get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
        requireStartable(detail.incident());
        RecoveryPlan plan = planner.plan(detail);
        Instant now = clock.instant();
        long runId = jdbi.inTransaction(h -> {
            Incident incident = h.attach(IncidentDao.class).lock(incidentId).orElseThrow();
            requireStartable(incident);
            RecoveryDao dao = h.attach(RecoveryDao.class);
            dao.latest(incidentId).filter(r -> RecoveryRun.RUNNING.equals(r.status())).ifPresent(r -> {
                throw new RefusedException("recovery run " + r.id() + " of incident " + incidentId + " is running");
            });
            long id = dao.insertRun(incidentId, actor, comment, settings.dryRun(), self, now);
            List<RecoveryStep> steps = new ArrayList<>();
            for (RecoveryItem item : plan.items()) {
                boolean planned = RecoveryItem.PLANNED.equals(item.outcome());
                steps.add(new RecoveryStep(id, item.fileId(), item.title(), item.restoreVersion(), item.renameTo(),
                        item.currentVersion(), planned ? RecoveryStep.PENDING : RecoveryStep.SKIPPED,
                        planned ? null : item.outcome() + ": " + item.reason(), now));
            }
            dao.insertSteps(steps);
            RecoveryPlan.Totals t = plan.totals();
            trail(h.attach(TrailDao.class), incident, actor, "recovery_started", comment, "run " + id + ": "
                    + t.toRestore() + " to restore, " + t.toRenameBack() + " to rename back, " + (t.files()
                    - count(plan, RecoveryItem.PLANNED)) + " left as they are" + (settings.dryRun() ? " (dry run)" : ""));
            return id;
        });
        log.info("recovery run={} incident={} started by={} files={}", runId, incidentId, actor, plan.items().size());
        worker.submit(() -> process(runId));
        return run(runId).orElseThrow();
    }

    /**
     * Runs whose instance is gone (a stopped or crashed service) go on where they stopped, here; a run another
     * live instance is working through is left to it, and of two instances finding the same orphan one takes it.
     */
    public void resumeAll() {
        RecoveryDao dao = jdbi.onDemand(RecoveryDao.class);
        for (RecoveryRun run : dao.running()) {
            if (!run.owner().equals(self) && !instances.isRunning(run.owner()) && dao.takeOver(run.id(), run.owner(),
                    self)) {
                log.info("recovery run={} incident={} resumed from instance {}", run.id(), run.incidentId(),
                        run.owner());
                worker.submit(() -> process(run.id()));
            }
        }
    }

    /** Asks the run to stop before its next file; answers the run as it stands. */
    public Optional<RecoveryRun> cancel(long incidentId, String actor) {
        RecoveryDao dao = jdbi.onDemand(RecoveryDao.class);
        Optional<RecoveryRun> latest = dao.latest(incidentId);
        latest.filter(r -> RecoveryRun.RUNNING.equals(r.status())).ifPresent(r -> dao.requestCancel(r.id(), actor));
        return latest.flatMap(r -> dao.run(r.id()));
    }

    public Optional<RecoveryRun> latest(long incidentId) {
        return jdbi.onDemand(RecoveryDao.class).latest(incidentId);
    }

    public List<RecoveryStep> steps(long runId) {
        return jdbi.onDemand(RecoveryDao.class).steps(runId);
    }

    private Optional<RecoveryRun> run(long runId) {
        return jdbi.onDemand(RecoveryDao.class).run(runId);
    }

    private static void requireStartable(Incident incident) {
        if (incident.status() != IncidentStatus.DISABLED) {
            throw new RefusedException("incident " + incident.id() + " is " + incident.status().wireName()
                    + ": recover only after the account is disabled, so it cannot fight back");
        }
    }

    /**
     * Settles the files a stopped run left mid-write (read back, then only what is missing), lets the writers work
     * through the pending ones, and ends the run when none is left or it was cancelled.
     */
    private void process(long runId) {
        try {
            RecoveryRun run = run(runId).orElseThrow();
            for (RecoveryStep left : steps(runId)) {
                if (left.state().equals(RecoveryStep.WRITING)) {
                    settle(run, left, false);
                }
            }
            List<Future<?>> working = new ArrayList<>();
            for (int i = 0; i < settings.concurrency(); i++) {
                working.add(writers.submit(() -> work(runId)));
            }
            for (Future<?> writer : working) {
                writer.get();
            }
            run = run(runId).orElseThrow();
            if (!RecoveryRun.RUNNING.equals(run.status())) {
                return;
            }
            if (run.cancelRequestedBy() != null) {
                end(run, RecoveryRun.CANCELLED, run.cancelRequestedBy());
            } else if (steps(runId).stream().noneMatch(st -> st.state().equals(RecoveryStep.PENDING)
                    || st.state().equals(RecoveryStep.WRITING))) {
                end(run, RecoveryRun.DONE, "system");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            log.error("recovery run={} stopped; it resumes at the next start", runId, e);
        }
    }

    /** One writer: claims the next pending file, settles it, until none is left, the run is cancelled or stopped. */
    private void work(long runId) {
        RecoveryDao dao = jdbi.onDemand(RecoveryDao.class);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                RecoveryRun run = run(runId).orElseThrow();
                if (!RecoveryRun.RUNNING.equals(run.status()) || run.cancelRequestedBy() != null) {
                    return;
                }
                List<RecoveryStep> pending = dao.pending(runId, settings.concurrency() * 2);
                if (pending.isEmpty()) {
                    return;
                }
                if (!run.dryRun() && overBudget(pending.get(0))) {
                    log.info("recovery run={} paused: {} writes in the last 24 h", runId, settings.writesPerDay());
                    Thread.sleep(PAUSE.toMillis());
                    continue;
                }
                for (RecoveryStep step : pending) {
                    // The intent: whoever moves the file to 'writing' owns it; the others try the next one.
                    if (dao.moveStep(runId, step.fileId(), RecoveryStep.PENDING, RecoveryStep.WRITING, null,
                            clock.instant())) {
                        settle(run, step, true);
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes one file until it is done, failed or skipped; without an answer it is read back after a pause. */
    private void settle(RecoveryRun run, RecoveryStep step, boolean fresh) throws InterruptedException {
        boolean claimedNow = fresh;
        while (!write(run, step, claimedNow)) {
            claimedNow = false; // DocSpace may have made part of it: read back before anything is sent again
            Thread.sleep(PAUSE.toMillis());
            RecoveryRun now = run(run.id()).orElseThrow();
            if (now.cancelRequestedBy() != null || Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private boolean overBudget(RecoveryStep step) {
        int writes = (step.restoreVersion() != null ? 1 : 0) + (step.renameTo() != null ? 1 : 0);
        Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
        return jdbi.onDemand(RecoveryDao.class).writesSince(dayAgo) + writes > settings.writesPerDay();
    }

    /**
     * One file, its intent stored ({@code writing}): the writes, then the outcome. {@code fresh}: claimed just now,
     * so nothing was sent yet; otherwise the write was interrupted after its intent, the file is read back and only
     * what DocSpace has not done yet is sent. Returns false when DocSpace did not answer and the file stays
     * {@code writing} for a later try.
     */
    private boolean write(RecoveryRun run, RecoveryStep step, boolean fresh) {
        RecoveryDao dao = jdbi.onDemand(RecoveryDao.class);
        String file = step.fileId();
        if (run.dryRun()) {
            dao.moveStep(run.id(), file, RecoveryStep.WRITING, RecoveryStep.DONE, "dry run: would " + describe(step),
                    clock.instant());
            return true;
        }
        FileVersion current;
        try {
            current = docSpace.file(file);
        } catch (DocSpaceException e) {
            return refusedOrLater(dao, run, step, e, "reading the file");
        }
        boolean resumed = !fresh;
        boolean restored = step.restoreVersion() == null
                || (resumed && step.baseVersion() != null && current.version() > step.baseVersion());
        boolean renamed = step.renameTo() == null || current.title().equals(step.renameTo());
        if (fresh && step.baseVersion() != null && current.version() != step.baseVersion()) {
            dao.moveStep(run.id(), file, RecoveryStep.WRITING, RecoveryStep.SKIPPED, "changed since the plan "
                    + "(version " + current.version() + ", planned at " + step.baseVersion() + "): plan again",
                    clock.instant());
            return true;
        }
        try {
            if (!restored) {
                docSpace.restoreVersion(file, step.restoreVersion());
            }
            if (!renamed) {
                docSpace.renameFile(file, step.renameTo());
            }
        } catch (DocSpaceException e) {
            return refusedOrLater(dao, run, step, e, "writing");
        }
        String outcome = (restored && renamed && resumed ? "read back: DocSpace had made it: " : "") + describe(step);
        dao.moveStep(run.id(), file, RecoveryStep.WRITING, RecoveryStep.DONE, outcome, clock.instant());
        return true;
    }

    /**
     * A refusal fails the file with DocSpace's words. No answer (a lost connection, a rate limit or gateway error
     * that outlasted the client's retries) leaves it for a later read-back: DocSpace may have made the change.
     */
    private boolean refusedOrLater(RecoveryDao dao, RecoveryRun run, RecoveryStep step, DocSpaceException e,
                                   String doing) {
        if (e.noAnswer()) {
            log.warn("recovery run={} file={} no answer while {}: {}", run.id(), step.fileId(), doing, e.getMessage());
            return false;
        }
        dao.moveStep(run.id(), step.fileId(), RecoveryStep.WRITING, RecoveryStep.FAILED, "DocSpace refused (HTTP "
                + e.status() + ") while " + doing + ": " + e.getMessage(), clock.instant());
        return true;
    }

    /** Ends the run and records it in the trail, in one transaction: whoever sees it ended sees why. */
    private void end(RecoveryRun run, String status, String actor) {
        Incident incident = incidents.get(run.incidentId()).orElseThrow().incident();
        List<RecoveryStep> steps = jdbi.onDemand(RecoveryDao.class).steps(run.id());
        Map<String, Long> byOutcome = steps.stream()
                .collect(Collectors.groupingBy(RecoveryStep::state, TreeMap::new, Collectors.counting()));
        // Skipped files by reason: the numbers a reviewer reads to know what is left to do by hand.
        Map<String, Long> skipped = steps.stream().filter(st -> st.state().equals(RecoveryStep.SKIPPED))
                .collect(Collectors.groupingBy(st -> String.valueOf(st.outcome()), TreeMap::new,
                        Collectors.counting()));
        String summary = "run " + run.id() + " " + status + ": " + byOutcome.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                + (skipped.isEmpty() ? "" : "; skipped: " + skipped.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining("; ")));
        boolean ended = jdbi.inTransaction(h -> {
            if (!h.attach(RecoveryDao.class).finish(run.id(), status, clock.instant())) {
                return false;
            }
            trail(h.attach(TrailDao.class), incident, actor,
                    status.equals(RecoveryRun.DONE) ? "recovery_finished" : "recovery_cancelled", null, summary);
            return true;
        });
        if (!ended) {
            return;
        }
        log.info("recovery run={} incident={} {} {}", run.id(), run.incidentId(), status, byOutcome);
        alerts.announce(Alert.recoveryEnded(incident, summary));
    }

    private void trail(TrailDao trail, Incident incident, String actor, String action, String comment,
                       String outcome) {
        trail.append(new TrailEntry(null, clock.instant(), actor, action, incident.id(), incident.userId(), comment,
                outcome, incident.rulesVersion()));
    }

    private static String describe(RecoveryStep step) {
        return (step.restoreVersion() != null ? "restore version " + step.restoreVersion() : "")
                + (step.restoreVersion() != null && step.renameTo() != null ? " and " : "")
                + (step.renameTo() != null ? "rename to '" + step.renameTo() + "'" : "");
    }

    private static int count(RecoveryPlan plan, String outcome) {
        return (int) plan.items().stream().filter(i -> outcome.equals(i.outcome())).count();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        writers.shutdownNow();
    }
}
