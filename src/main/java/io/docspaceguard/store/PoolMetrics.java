package io.docspaceguard.store;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connection pool as Prometheus sees it: connections by state, threads waiting, and how long a borrower
 * waited. A wait that grows while the database's own statement times stay flat means the pool is too small.
 * HikariCP's own Prometheus tracker targets the older client library, so this feeds the one the service uses.
 */
public final class PoolMetrics implements MetricsTrackerFactory {
    private final Histogram acquire = Histogram.builder()
            .name("guard_db_connection_acquire_seconds")
            .help("Time a caller waited for a pooled database connection.")
            .classicUpperBounds(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5)
            .build();
    private final Counter timeouts = Counter.builder()
            .name("guard_db_connection_timeouts_total")
            .help("Callers that gave up waiting for a pooled database connection.")
            .build();
    private final AtomicReference<PoolStats> stats = new AtomicReference<>();

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        stats.set(poolStats);
        return new IMetricsTracker() {
            @Override
            public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
                acquire.observe(elapsedAcquiredNanos / 1e9);
            }

            @Override
            public void recordConnectionTimeout() {
                timeouts.inc();
            }
        };
    }

    /** Adds the pool's metrics to {@code registry}. */
    public void register(PrometheusRegistry registry) {
        registry.register(acquire);
        registry.register(timeouts);
        GaugeWithCallback.builder().name("guard_db_connections")
                .help("Pooled database connections by state.").labelNames("state")
                .callback(cb -> {
                    PoolStats pool = stats.get();
                    if (pool != null) {
                        cb.call(pool.getActiveConnections(), "active");
                        cb.call(pool.getIdleConnections(), "idle");
                        cb.call(pool.getMaxConnections(), "max");
                    }
                })
                .register(registry);
        GaugeWithCallback.builder().name("guard_db_connection_waiters")
                .help("Threads waiting for a pooled database connection.")
                .callback(cb -> {
                    PoolStats pool = stats.get();
                    cb.call(pool == null ? 0 : pool.getPendingThreads());
                })
                .register(registry);
    }
}
