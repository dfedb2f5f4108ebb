package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.TrailEntry;
import io.docspaceguard.incident.TrailExport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Announces alerts (SPEC §5 "Alerts"): one structured log line always, then the webhook, the e-mail, syslog
 * and the SIEM file, whichever are configured; syslog and the SIEM file also get every committed audit-trail
 * entry ({@link #export}). Delivery runs on background threads behind bounded queues, so neither method
 * waits for the network; when a queue is full the delivery is dropped with a warning (the log line, and the
 * trail row, are already written). {@link #close()} lets queued deliveries finish for a bounded time.
 */
public final class AlertService implements Alerts, TrailExport, AutoCloseable {
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
    private final List<SiemChannel> siemChannels;
    private final Consumer<Alert> onDelivered;
    private final Clock clock;
    /** People's channels and the SIEM's have a queue each: a collector that is down never delays an e-mail. */
    private final DeliveryQueue toPeople;
    private final DeliveryQueue toSiem;

    public AlertService(AlertSettings settings) {
        this(settings, Pacing.defaults(), delivered -> { });
    }

    public AlertService(AlertSettings settings, Pacing pacing) {
        this(settings, pacing, delivered -> { });
    }

    public AlertService(AlertSettings settings, Pacing pacing, Consumer<Alert> onDelivered) {
        this(settings, pacing, onDelivered, Clock.systemUTC());
    }

    /**
     * @param onDelivered told of each delivery to a person (webhook, e-mail) that succeeded, on the delivery
     *                    thread (detection latency)
     * @param clock       the time SIEM events of alerts carry
     * @throws java.io.UncheckedIOException when the SIEM file cannot be opened
     */
    public AlertService(AlertSettings settings, Pacing pacing, Consumer<Alert> onDelivered, Clock clock) {
        this.onDelivered = onDelivered;
        this.clock = clock;
        Duration timeout = settings.webhookTimeout();
        int retries = settings.webhookRetries();
        List<Channel> configured = new ArrayList<>();
        if (settings.webhookUrl() != null) {
            configured.add(new WebhookChannel(settings.webhookUrl(), timeout, retries, pacing.baseBackoff(),
                    pacing.maxBackoff()));
        }
        if (settings.smtp() != null) {
            configured.add(new MailChannel(settings.smtp(), timeout, retries, pacing.baseBackoff(),
                    pacing.maxBackoff()));
        }
        this.channels = List.copyOf(configured);
        List<SiemChannel> siem = new ArrayList<>();
        if (settings.syslog() != null) {
            siem.add(new SyslogChannel(settings.syslog(), timeout, retries, pacing.baseBackoff(),
                    pacing.maxBackoff()));
        }
        if (settings.siemFile() != null) {
            siem.add(new JsonLinesChannel(settings.siemFile(), retries, pacing.baseBackoff(), pacing.maxBackoff()));
        }
        this.siemChannels = List.copyOf(siem);
        this.toPeople = new DeliveryQueue("alert-delivery", pacing.queueCapacity(), pacing.drainTimeout());
        this.toSiem = new DeliveryQueue("siem-export", pacing.queueCapacity(), pacing.drainTimeout());
    }

    /** Logs the alert and queues its deliveries; returns at once and never throws for a delivery problem. */
    @Override
    public void announce(Alert alert) {
        Incident incident = alert.incident();
        log.info("alert kind={} incident={} user={} rule={} text=\"{}\"", alert.kind(),
                incident == null ? "-" : incident.id(), incident == null ? "-" : oneLine(incident.userId()),
                incident == null ? "-" : oneLine(incident.rule()), oneLine(alert.text()).replace("\"", "\\\""));
        for (Channel channel : channels) {
            String refused = toPeople.offer(() -> deliver(channel, alert));
            if (refused != null) {
                log.warn("alert dropped kind={} incident={} channel={} reason={}", alert.kind(), incidentId(alert),
                        channel.name(), refused);
            }
        }
        if (!siemChannels.isEmpty()) {
            SiemEvent event = SiemEvent.of(alert, clock.instant());
            for (SiemChannel channel : siemChannels) {
                String refused = toSiem.offer(() -> deliver(channel, event));
                if (refused != null) {
                    log.warn("alert dropped kind={} incident={} channel={} reason={}", alert.kind(),
                            incidentId(alert), channel.name(), refused);
                }
            }
        }
    }

    /** Queues a committed trail entry for the SIEM channels only: webhook and e-mail are for people. */
    @Override
    public void export(TrailEntry entry) {
        if (siemChannels.isEmpty()) {
            return;
        }
        SiemEvent event = SiemEvent.of(entry);
        for (SiemChannel channel : siemChannels) {
            String refused = toSiem.offer(() -> deliver(channel, event));
            if (refused != null) {
                log.warn("trail export dropped entry={} action={} channel={} reason={}", entry.id(), entry.action(),
                        channel.name(), refused);
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

    private void deliver(SiemChannel channel, SiemEvent event) {
        String cause;
        try {
            channel.deliver(event);
            return;
        } catch (DeliveryException e) {
            cause = e.getMessage();
        } catch (RuntimeException e) {
            cause = e.getClass().getName();
        }
        if (event.trail() != null) {
            log.warn("trail export failed entry={} action={} channel={} target={} cause={}", event.trail().id(),
                    event.trail().action(), channel.name(), channel.target(), cause);
        } else {
            log.warn("alert delivery failed kind={} incident={} channel={} target={} cause={}", event.kind(),
                    event.incident() == null ? "-" : event.incident().id(), channel.name(), channel.target(), cause);
        }
    }

    /** Stops taking deliveries, waits up to the drain timeout for queued ones, then closes the SIEM channels. */
    @Override
    public void close() {
        toPeople.close();
        toSiem.close();
        siemChannels.forEach(SiemChannel::close);
    }

    private static Object incidentId(Alert alert) {
        return alert.incident() == null ? "-" : alert.incident().id();
    }

    private static String oneLine(String value) {
        return value == null ? "-" : value.replaceAll("[\\r\\n]+", " ");
    }
}
