package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Announces alerts (SPEC §5 "Alerts"): one structured log line always, then the webhook and the e-mail
 * when configured. Delivery runs on one background thread behind a bounded queue, so {@link #announce}
 * never waits for the network; when the queue is full the delivery is dropped with a warning (the log
 * line is already written). {@link #close()} lets queued deliveries finish for a bounded time.
 */
public final class AlertService implements Alerts, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);

    /**
     * How deliveries are paced; tests pass tiny values.
     *
     * @param baseBackoff   first retry delay, doubled per retry up to {@code maxBackoff}
     * @param queueCapacity deliveries that may wait behind the one in progress
     * @param drainTimeout  how long {@link #close()} waits for queued deliveries
     */
    public record Pacing(Duration baseBackoff, Duration maxBackoff, int queueCapacity, Duration drainTimeout) {
        public Pacing {
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            // Failsafe's backoff needs 0 < base < max.
            if (baseBackoff.isNegative() || baseBackoff.isZero() || baseBackoff.compareTo(maxBackoff) >= 0) {
                throw new IllegalArgumentException("need 0 < baseBackoff < maxBackoff");
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1");
            }
        }

        public static Pacing defaults() {
            return new Pacing(Duration.ofSeconds(1), Duration.ofSeconds(30), 100, Duration.ofSeconds(10));
        }
    }

    private final List<Channel> channels;
    private final Pacing pacing;
    private final Consumer<Alert> onDelivered;
    private final ThreadPoolExecutor executor;

    public AlertService(AlertSettings settings) {
        this(settings, Pacing.defaults(), delivered -> { });
    }

    public AlertService(AlertSettings settings, Pacing pacing) {
        this(settings, pacing, delivered -> { });
    }

    /** @param onDelivered told of each delivery that succeeded, on the delivery thread (detection latency) */
    public AlertService(AlertSettings settings, Pacing pacing, Consumer<Alert> onDelivered) {
        this.pacing = pacing;
        this.onDelivered = onDelivered;
        List<Channel> configured = new ArrayList<>();
        if (settings.webhookUrl() != null) {
            configured.add(new WebhookChannel(settings.webhookUrl(), settings.webhookTimeout(),
                    settings.webhookRetries(), pacing.baseBackoff(), pacing.maxBackoff()));
        }
        if (settings.smtp() != null) {
            configured.add(new MailChannel(settings.smtp(), settings.webhookTimeout(), settings.webhookRetries(),
                    pacing.baseBackoff(), pacing.maxBackoff()));
        }
        this.channels = List.copyOf(configured);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(pacing.queueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "alert-delivery");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Logs the alert and queues its deliveries; returns at once and never throws for a delivery problem. */
    @Override
    public void announce(Alert alert) {
        Incident incident = alert.incident();
        log.info("alert kind={} incident={} user={} rule={} text=\"{}\"", alert.kind(),
                incident == null ? "-" : incident.id(), incident == null ? "-" : oneLine(incident.userId()),
                incident == null ? "-" : oneLine(incident.rule()), oneLine(alert.text()).replace("\"", "\\\""));
        for (Channel channel : channels) {
            try {
                executor.execute(() -> deliver(channel, alert));
            } catch (RejectedExecutionException e) {
                log.warn("alert dropped kind={} incident={} channel={} reason={}", alert.kind(), incidentId(alert),
                        channel.name(), executor.isShutdown() ? "service closed" : "delivery queue full");
            }
        }
    }

    private void deliver(Channel channel, Alert alert) {
        try {
            channel.deliver(alert);
            onDelivered.accept(alert);
            log.debug("alert delivered kind={} incident={} channel={}", alert.kind(), incidentId(alert),
                    channel.name());
        } catch (DeliveryException e) {
            log.warn("alert delivery failed kind={} incident={} channel={} target={} cause={}", alert.kind(),
                    incidentId(alert), channel.name(), channel.target(), e.getMessage());
        } catch (RuntimeException e) {
            // The message of an unexpected library exception could carry a secret: log its type only.
            log.warn("alert delivery failed kind={} incident={} channel={} target={} cause={}", alert.kind(),
                    incidentId(alert), channel.name(), channel.target(), e.getClass().getName());
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
            if (!executor.awaitTermination(pacing.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                int abandoned = executor.shutdownNow().size();
                log.warn("alert deliveries abandoned at shutdown queued={} after={}", abandoned,
                        pacing.drainTimeout());
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Object incidentId(Alert alert) {
        return alert.incident() == null ? "-" : alert.incident().id();
    }

    private static String oneLine(String value) {
        return value == null ? "-" : value.replaceAll("[\\r\\n]+", " ");
    }
}
