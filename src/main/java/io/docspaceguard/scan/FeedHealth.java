package io.docspaceguard.scan;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** What the last read of the DocSpace audit feed said about it, for /health and /metrics. */
public final class FeedHealth {
    public enum Status { UNKNOWN, OK, DEGRADED, FAILING }

    /** {@code reason} explains a degraded or failing feed; {@code at} is when this was last observed. */
    public record State(Status status, String reason, Instant at, Instant lastOkAt) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(Status.UNKNOWN, null, null, null));

    public State get() {
        return state.get();
    }

    void ok(Instant at) {
        state.set(new State(Status.OK, null, at, at));
    }

    void degraded(String reason, Instant at) {
        state.updateAndGet(s -> new State(Status.DEGRADED, reason, at, s.lastOkAt()));
    }

    void failing(String reason, Instant at) {
        state.updateAndGet(s -> new State(Status.FAILING, reason, at, s.lastOkAt()));
    }
}
