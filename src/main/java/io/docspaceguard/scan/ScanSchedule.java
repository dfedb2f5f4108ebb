package io.docspaceguard.scan;

import io.docspaceguard.store.Leadership;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled work of the instance that leads: a scan every interval, then whatever the leader does after one
 * (finishing account actions, expiring automatic disables). Every instance asks for the lead every couple of
 * seconds, so when the leader dies another one scans within seconds, not at the end of its own interval.
 */
public final class ScanSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScanSchedule.class);
    /** How often a follower asks whether the lead is free. */
    static final Duration LEAD_CHECK = Duration.ofSeconds(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Leadership leadership;
    private final Duration interval;
    private final Runnable work;
    private final LongSupplier nanoTime;
    private ScheduledExecutorService executor;
    private long lastRunNanos;
    private boolean ranAsLeader;

    /**
     * @param work what the leader does each interval; a failure is logged and the schedule goes on
     */
    public ScanSchedule(Leadership leadership, Duration interval, Runnable work) {
        this(leadership, interval, work, System::nanoTime);
    }

    ScanSchedule(Leadership leadership, Duration interval, Runnable work, LongSupplier nanoTime) {
        this.leadership = leadership;
        this.interval = interval;
        this.work = work;
        this.nanoTime = nanoTime;
    }

    public ScanSchedule start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "scan-schedule"));
        long tick = Math.min(interval.toMillis(), LEAD_CHECK.toMillis());
        executor.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One turn: runs the work when this instance leads and its interval is up, or it has just taken the lead. */
    void tick() {
        if (!leadership.lead()) {
            ranAsLeader = false;
            return;
        }
        long now = nanoTime.getAsLong();
        if (ranAsLeader && now - lastRunNanos < interval.toNanos()) {
            return;
        }
        ranAsLeader = true;
        lastRunNanos = now;
        try {
            work.run();
        } catch (RuntimeException e) {
            // A failed scan must not end the schedule; the scan run and /health already say what happened.
            log.error("scheduled scan failed", e);
        }
    }

    /** Stops the schedule and waits a little for a running scan, so that it does not outlive the database. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("a scheduled scan still runs after {}; stopping without it", STOP_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
