package io.docspaceguard.bench;

import java.util.List;

/**
 * The service's JVM options as docs/operations.md recommends them: the benchmarks start the service with these
 * unless told otherwise, so that their figures are those of a service started as the documentation says.
 */
public final class RecommendedJvm {
    /** A heap that keeps the process under 512 MB, and the collector that backfills fastest in it. */
    public static final List<String> OPTIONS = List.of("-Xmx272m", "-XX:+UseParallelGC");

    private RecommendedJvm() {
    }

    /** {@code given}, or the recommended options when none are given. */
    public static List<String> or(List<String> given) {
        return given.isEmpty() ? OPTIONS : List.copyOf(given);
    }
}
