package io.docspaceguard.docspace;

import dev.failsafe.RateLimiter;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The portal's request budget, shared by every DocSpace call of the process (docspace-api.md §7.2: 1,500 requests
 * a minute per user when DocSpace's limiter is on). Two lanes draw on it: {@link Lane#BULK} (backfills) may take
 * only its share of the budget, so regular scans, reviewers' account actions and recoveries ({@link
 * Lane#INTERACTIVE}) always find the rest; they take permits from the whole budget in arrival order.
 *
 * <p>The portal's own answers adjust the pace of both lanes: a {@code 429} pauses every call until its
 * {@code Retry-After} (or {@code X-RateLimit-Reset}); an {@code X-RateLimit-Remaining} running low spaces the
 * following calls over what is left of the limiter's window instead of spending it at once.
 */
public final class RequestBudget {
    /** Which share of the budget a call draws on. */
    public enum Lane { INTERACTIVE, BULK }

    /** At or below this many remaining requests the calls are spaced out until the limiter's window resets. */
    static final int LOW_REMAINING = 10;
    /** A 429 without Retry-After or X-RateLimit-Reset pauses calls this long. */
    static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);
    /** The longest a portal's header may pause calls: a wrong header must not stop the service for a day. */
    static final Duration MAX_PAUSE = Duration.ofMinutes(2);

    private final RateLimiter<Object> all;
    private final RateLimiter<Object> bulk;
    private final Clock clock;
    // Guarded by this: when the next call may start, and the spacing while the portal's window runs low.
    private Instant nextCall = Instant.MIN;
    private Instant slowUntil = Instant.MIN;
    private Duration spacing = Duration.ZERO;
    private long pauses;

    private RequestBudget(int permits, Duration period, double bulkShare, Clock clock) {
        this.clock = clock;
        // Smooth limiters space permits evenly, so a sliding window on the portal's side never sees a burst.
        this.all = permits <= 0 ? null : RateLimiter.smoothBuilder(permits, period).build();
        long bulkPermits = permits <= 0 || bulkShare >= 1 ? 0 : Math.max(1, (long) Math.floor(permits * bulkShare));
        this.bulk = bulkPermits == 0 ? null : RateLimiter.smoothBuilder(bulkPermits, period).build();
    }

    /** No budget of its own: only the portal's 429s and remaining counts pace the calls. */
    public static RequestBudget unlimited() {
        return new RequestBudget(0, Duration.ofMinutes(1), 1, Clock.systemUTC());
    }

    /**
     * @param requestsPerMinute the portal's limit per user; 0 for none
     * @param bulkShare         the share of it backfills may use, more than 0 and at most 1
     */
    public static RequestBudget perMinute(int requestsPerMinute, double bulkShare) {
        return of(requestsPerMinute, Duration.ofMinutes(1), bulkShare, Clock.systemUTC());
    }

    /** As {@link #perMinute}, for any period: tests use short ones. */
    public static RequestBudget of(int permits, Duration period, double bulkShare, Clock clock) {
        if (permits < 0 || !(bulkShare > 0 && bulkShare <= 1)) {
            throw new IllegalArgumentException("need permits >= 0 and 0 < bulkShare <= 1");
        }
        return new RequestBudget(permits, period, bulkShare, clock);
    }

    /** Waits until a call in {@code lane} may start. */
    public void acquire(Lane lane) throws InterruptedException {
        if (lane == Lane.BULK && bulk != null) {
            bulk.acquirePermit();
        }
        if (all != null) {
            all.acquirePermit();
        }
        Duration wait = reserve();
        if (!wait.isZero()) {
            Thread.sleep(wait.toMillis());
        }
    }

    /**
     * Takes the next start the portal's last answers allow and returns how long to wait for it. While the
     * remaining count is low, each call moves the next start on by the spacing, so waiting calls go one by one.
     */
    synchronized Duration reserve() {
        Instant now = clock.instant();
        Instant start = nextCall.isAfter(now) ? nextCall : now;
        if (now.isBefore(slowUntil)) {
            nextCall = start.plus(spacing);
        }
        return Duration.between(now, start);
    }

    /** Learns from an answer's status and rate-limit headers; {@code cap} bounds the pause a header may ask for. */
    public synchronized void observe(int status, HttpHeaders headers, Duration cap) {
        Instant now = clock.instant();
        Instant reset = resetAt(headers);
        if (status == 429) {
            Instant until = retryAfter(headers).map(now::plus).orElse(reset != null ? reset : now.plus(DEFAULT_PAUSE));
            pauseUntil(capped(until, now, cap));
            pauses++;
            return;
        }
        OptionalLong remaining = number(headers, "X-RateLimit-Remaining");
        if (remaining.isEmpty() || remaining.getAsLong() > LOW_REMAINING || reset == null || !reset.isAfter(now)) {
            return;
        }
        Instant until = capped(reset, now, cap);
        if (remaining.getAsLong() <= 0) {
            pauseUntil(until);
            return;
        }
        // What is left of the window, spread evenly over the time until it resets.
        spacing = Duration.between(now, until).dividedBy(remaining.getAsLong() + 1);
        slowUntil = until;
    }

    /** How many times a 429 paused the calls: the budget was set higher than the portal allows, or shared. */
    public synchronized long pauses() {
        return pauses;
    }

    private void pauseUntil(Instant until) {
        if (until.isAfter(nextCall)) {
            nextCall = until;
        }
    }

    private static Instant capped(Instant until, Instant now, Duration cap) {
        Instant max = now.plus(cap.compareTo(MAX_PAUSE) < 0 ? cap : MAX_PAUSE);
        return until.isAfter(max) ? max : until;
    }

    private static Optional<Duration> retryAfter(HttpHeaders headers) {
        OptionalLong seconds = number(headers, "Retry-After");
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong()))
                : Optional.empty();
    }

    /** X-RateLimit-Reset: unix seconds when the window resets (RRL's RateLimitHeaders); null when absent. */
    private static Instant resetAt(HttpHeaders headers) {
        OptionalLong reset = number(headers, "X-RateLimit-Reset");
        return reset.isPresent() ? Instant.ofEpochSecond(reset.getAsLong()) : null;
    }

    private static OptionalLong number(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(String::trim).filter(v -> v.matches("\\d{1,12}"))
                .map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
    }
}
