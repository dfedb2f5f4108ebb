package io.docspaceguard.http;

import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleError;
import io.docspaceguard.scan.FeedHealth;
import io.docspaceguard.store.DatabaseStats;
import io.docspaceguard.store.StatsDao;
import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/** /health for load balancers and people, /metrics for Prometheus. */
final class HealthController {
    record FeedJson(String status, String reason, Instant at, Instant lastOkAt) {
    }

    record RulesJson(String version, Instant loadedAt, List<RuleError> errors) {
    }

    /** @param leader whether this instance runs the scheduled scans; of several on one database, one does */
    record HealthJson(String status, boolean database, boolean leader, FeedJson feed, RulesJson rules) {
    }

    private final DatabaseStats database;
    private final RuleEngine engine;
    private final FeedHealth feed;
    private final BooleanSupplier leading;
    private final PrometheusRegistry registry;

    /** Serves {@code registry}, where the pool and the scans keep their own metrics, with the ones added here. */
    HealthController(DatabaseStats database, RuleEngine engine, FeedHealth feed, BooleanSupplier leading,
                     PrometheusRegistry registry) {
        this.database = database;
        this.leading = leading;
        this.engine = engine;
        this.feed = feed;
        this.registry = registry;
        this.scanTotals = new Recent<>(database::scanTotals);
        this.incidentCounts = new Recent<>(database::incidentCounts);
        registerMetrics();
    }

    /**
     * 200 with status ok, or degraded when the audit feed cannot be trusted or the rule files have errors
     * (the previous rules keep running); 503 when the database cannot be reached.
     */
    void health(Context ctx) {
        boolean answers = database.answers();
        FeedHealth.State state = feed.get();
        List<RuleError> ruleErrors = engine.lastErrors();
        boolean feedTrouble = state.status() == FeedHealth.Status.DEGRADED || state.status() == FeedHealth.Status.FAILING;
        String status = !answers ? "down" : feedTrouble || !ruleErrors.isEmpty() ? "degraded" : "ok";
        ctx.status(answers ? 200 : 503).json(new HealthJson(status, answers, leading.getAsBoolean(),
                new FeedJson(state.status().name().toLowerCase(), state.reason(), state.at(), state.lastOkAt()),
                new RulesJson(engine.active().version(), engine.active().loadedAt(), ruleErrors)));
    }

    void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        writer.write(out, registry.scrape());
        ctx.contentType(writer.getContentType()).result(out.toByteArray());
    }

    /**
     * The last answer of a statement for a few seconds: the totals count every scan and incident ever recorded,
     * so each read scans those tables, and a scraper, or several, must not make that a per-request cost.
     */
    private static final class Recent<T> {
        private static final long KEEP_NANOS = 10_000_000_000L;
        private final Supplier<T> read;
        private T value;
        private long readAt;

        Recent(Supplier<T> read) {
            this.read = read;
        }

        synchronized T get() {
            long now = System.nanoTime();
            if (value == null || now - readAt > KEEP_NANOS) {
                value = read.get();
                readAt = now;
            }
            return value;
        }
    }

    private final Recent<List<StatsDao.ScanTotals>> scanTotals;
    private final Recent<List<StatsDao.IncidentCount>> incidentCounts;

    private void registerMetrics() {
        scanCounter("guard_scans_total", "Scans by outcome.", StatsDao.ScanTotals::scans);
        scanCounter("guard_events_read_total", "Audit events read from DocSpace.", StatsDao.ScanTotals::eventsRead);
        scanCounter("guard_events_new_total", "Audit events stored for the first time.", StatsDao.ScanTotals::eventsNew);
        scanCounter("guard_events_rejected_total", "Malformed audit events kept aside.",
                StatsDao.ScanTotals::eventsRejected);
        scanCounter("guard_incidents_opened_total", "Incidents opened by scans.", StatsDao.ScanTotals::incidentsOpened);
        scanCounter("guard_incidents_extended_total", "Open incidents extended by scans.",
                StatsDao.ScanTotals::incidentsExtended);
        GaugeWithCallback.builder().name("guard_incidents").help("Incidents by rule and status.")
                .labelNames("rule", "status")
                .callback(cb -> incidentCounts.get().forEach(c -> cb.call(c.incidents(), c.rule(), c.status())))
                .register(registry);
        GaugeWithCallback.builder().name("guard_feed_healthy").help("1 when the last audit read was usable.")
                .callback(cb -> cb.call(feed.get().status() == FeedHealth.Status.OK ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder().name("guard_leader").help("1 when this instance runs the scheduled scans.")
                .callback(cb -> cb.call(leading.getAsBoolean() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder().name("guard_rule_errors").help("Errors of the last rule reload.")
                .callback(cb -> cb.call(engine.lastErrors().size()))
                .register(registry);
    }

    private void scanCounter(String name, String help, Function<StatsDao.ScanTotals, Long> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("status")
                .callback(cb -> scanTotals.get().forEach(t -> cb.call(value.apply(t), t.status())))
                .register(registry);
    }
}
