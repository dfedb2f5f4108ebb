package io.docspaceguard.alert;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One background thread behind a bounded queue, so that whoever hands over a delivery never waits for the
 * network. {@link #close()} lets queued deliveries finish for a bounded time.
 */
final class DeliveryQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    private final String name;
    private final Duration drainTimeout;
    private final ThreadPoolExecutor executor;

    DeliveryQueue(String name, int capacity, Duration drainTimeout) {
        this.name = name;
        this.drainTimeout = drainTimeout;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Queues the delivery; null when queued, otherwise why it was not ("delivery queue full", "service closed"). */
    String offer(Runnable delivery) {
        try {
            executor.execute(delivery);
            return null;
        } catch (RejectedExecutionException e) {
            return executor.isShutdown() ? "service closed" : "delivery queue full";
        }
    }

    /** Stops taking deliveries, waits up to the drain timeout for queued ones, then abandons the rest. */
    @Override
    public void close() {
        if (executor.isShutdown()) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                int abandoned = executor.shutdownNow().size();
                log.warn("{} deliveries abandoned at shutdown queued={} after={}", name, abandoned, drainTimeout);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
