package io.docspaceguard.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Percentiles of a set of latencies, in milliseconds, by nearest rank. */
record Latency(int count, double p50, double p90, double p99, double max) {
    static final Latency NONE = new Latency(0, 0, 0, 0, 0);

    static Latency ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return NONE;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    static Latency ofNanos(Collection<Long> nanos) {
        return ofNanos(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    /** The median of each figure over several runs (the upper middle one for an even number of runs). */
    static Latency median(List<Latency> runs) {
        return new Latency(runs.get(0).count(), middle(runs.stream().mapToDouble(Latency::p50).toArray()),
                middle(runs.stream().mapToDouble(Latency::p90).toArray()),
                middle(runs.stream().mapToDouble(Latency::p99).toArray()),
                middle(runs.stream().mapToDouble(Latency::max).toArray()));
    }

    static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
