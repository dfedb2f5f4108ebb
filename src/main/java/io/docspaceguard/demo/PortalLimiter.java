package io.docspaceguard.demo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DocSpace's rate limiter when it is switched on (docspace-api.md §7.2), for the one API key of the simulated
 * portal: a sliding window of requests (1,500 a minute on DocSpace) and a cap on concurrent GETs (50). A request
 * over either is turned away with {@code 429} and {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining},
 * {@code X-RateLimit-Reset} (unix seconds) and, for the window, {@code Retry-After} (seconds). Turned-away requests
 * do not count. Admitted ones carry the same three {@code X-RateLimit-*} headers, so a client can slow down
 * before it is turned away. Counts in real time, whatever clock the portal's model runs on.
 */
public final class PortalLimiter {
    /**
     * @param requests       requests admitted within any {@code window}
     * @param concurrentGets GETs answered at once
     */
    public record Settings(int requests, Duration window, int concurrentGets) {
        public Settings {
            if (requests < 1 || concurrentGets < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("need requests >= 1, concurrentGets >= 1 and a positive window");
            }
        }

        /** DocSpace's own numbers: 1,500 requests a minute, 50 concurrent GETs. */
        public static Settings docSpace() {
            return new Settings(1_500, Duration.ofMinutes(1), 50);
        }
    }

    /** Whether a request may be answered, and the headers its answer carries. */
    public record Admission(boolean admitted, Map<String, String> headers) {
    }

    private final Settings settings;
    private final Deque<Long> admittedAt = new ArrayDeque<>();
    private int getsInFlight;
    private int mostGetsInFlight;
    private long turnedAway;

    public PortalLimiter(Settings settings) {
        this.settings = settings;
    }

    /** Admits a request or turns it away; an admitted GET must be {@linkplain #done(String) done} after its answer. */
    public synchronized Admission admit(String method) {
        long now = System.nanoTime();
        long window = settings.window().toNanos();
        while (!admittedAt.isEmpty() && now - admittedAt.peekFirst() >= window) {
            admittedAt.pollFirst();
        }
        boolean get = method.equals("GET");
        if (get && getsInFlight >= settings.concurrentGets()) {
            turnedAway++;
            return new Admission(false, headers(settings.concurrentGets(), 0, now, null));
        }
        if (admittedAt.size() >= settings.requests()) {
            turnedAway++;
            long freeInNanos = admittedAt.peekFirst() + window - now;
            return new Admission(false, headers(settings.requests(), 0, now, freeInNanos));
        }
        admittedAt.addLast(now);
        if (get) {
            getsInFlight++;
            mostGetsInFlight = Math.max(mostGetsInFlight, getsInFlight);
        }
        return new Admission(true, headers(settings.requests(), settings.requests() - admittedAt.size(), now, null));
    }

    public synchronized void done(String method) {
        if (method.equals("GET")) {
            getsInFlight--;
        }
    }

    /** Requests turned away with 429 so far. */
    public synchronized long turnedAway() {
        return turnedAway;
    }

    /** The most GETs that were answered at once. */
    public synchronized int mostGetsInFlight() {
        return mostGetsInFlight;
    }

    /** @param retryInNanos when a slot frees, for Retry-After; null when the answer is admitted or no time is known */
    private Map<String, String> headers(int limit, int remaining, long now, Long retryInNanos) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(limit));
        headers.put("X-RateLimit-Remaining", Integer.toString(remaining));
        long resetInNanos = admittedAt.isEmpty() ? settings.window().toNanos()
                : admittedAt.peekFirst() + settings.window().toNanos() - now;
        long resetMillis = System.currentTimeMillis() + resetInNanos / 1_000_000;
        headers.put("X-RateLimit-Reset", Long.toString((resetMillis + 999) / 1_000));
        if (retryInNanos != null) {
            headers.put("Retry-After", Long.toString(Math.max(1, (retryInNanos + 999_999_999) / 1_000_000_000)));
        }
        return headers;
    }
}
