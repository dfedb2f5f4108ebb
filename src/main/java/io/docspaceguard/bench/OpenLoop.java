package io.docspaceguard.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Sends requests at a fixed arrival rate on a schedule that never waits for answers (an open loop, as users
 * arrive), and times each answer from when its request was <em>due</em>, not from when it went out: a server
 * that stalls is charged for every request queued behind the stall (no coordinated omission).
 *
 * <p>It sends with Jetty's client, which keeps the connections it opened and discards each answer's body as it
 * arrives. The JDK's {@code HttpClient} took about half a core at 200 requests/s on the two-core machine the service
 * shares with it.
 */
final class OpenLoop implements AutoCloseable {
    /** One request of the mix; {@code route} names it in the results. */
    record Request(String route, URI uri) {
    }

    /**
     * One answer, or its absence.
     *
     * @param status the HTTP status; 0 when there was no answer (timeout, refused connection)
     * @param error  why there was no answer; null when there was one
     */
    record Sample(String route, long latencyNanos, int status, String error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * @param achievedRate 2xx answers per second, from the first due time until the last answer came
     */
    record Outcome(double rate, Duration duration, List<Sample> samples, double achievedRate) {
    }

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String token;
    private final Duration timeout;

    /**
     * @param maxConnections connections kept open at most; a request due while all are busy waits for one, its wait
     *                       counted in its latency
     */
    OpenLoop(String token, Duration timeout, int maxConnections) {
        this.token = token;
        this.timeout = timeout;
        this.http = new HttpClient();
        http.setConnectTimeout(timeout.toMillis());
        http.setMaxConnectionsPerDestination(maxConnections);
        // Never refuse a request because others wait: a falling-behind server is what the latencies must show.
        http.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client", e);
        }
    }

    Outcome run(double rate, Duration duration, Supplier<Request> mix) throws InterruptedException {
        int total = Math.max(1, (int) Math.round(rate * duration.toNanos() / 1e9));
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        // Each request leaves this map exactly once: with its answer, or as unanswered at the end.
        Map<Integer, Request> pending = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(total);
        long[] lastAnswer = {0};
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int k = 0; k < total; k++) {
            Request request = mix.get();
            long due = start + (long) (k * 1e9 / rate);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int key = k;
            pending.put(key, request);
            http.newRequest(request.uri()).headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token))
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).send(result -> {
                long now = System.nanoTime();
                if (pending.remove(key) == null) {
                    return;
                }
                samples.add(result.isSucceeded()
                        ? new Sample(request.route(), now - due, result.getResponse().getStatus(), null)
                        : new Sample(request.route(), now - due, 0, describe(result.getFailure())));
                synchronized (lastAnswer) {
                    lastAnswer[0] = Math.max(lastAnswer[0], now);
                }
                answered.countDown();
            });
        }
        // The client's own timeout ends every request; on a machine too busy to run even that in time, what is
        // still out after a grace period counts as an error without an answer.
        answered.await(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        for (Integer key : List.copyOf(pending.keySet())) {
            Request request = pending.remove(key);
            if (request != null) {
                long due = start + (long) (key * 1e9 / rate);
                samples.add(new Sample(request.route(), System.nanoTime() - due, 0, "no answer"));
            }
        }
        List<Sample> all = new ArrayList<>(samples);
        long ok = all.stream().filter(Sample::ok).count();
        double seconds;
        synchronized (lastAnswer) {
            seconds = (lastAnswer[0] - start) / 1e9;
        }
        return new Outcome(rate, duration, all, ok / Math.max(seconds, 1e-9));
    }

    private static String describe(Throwable error) {
        return error instanceof TimeoutException ? "timeout" : error.getClass().getSimpleName();
    }
}
