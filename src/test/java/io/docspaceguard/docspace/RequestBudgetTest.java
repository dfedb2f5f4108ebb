package io.docspaceguard.docspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.docspaceguard.MutableClock;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the portal's answers pace the next calls; on a clock moved by hand, so no test waits or times anything. */
class RequestBudgetTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration CAP = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(NOW);
    private final RequestBudget budget = RequestBudget.of(0, Duration.ofMinutes(1), 1, clock);

    @Test
    void calls_go_at_once_while_the_portal_says_nothing_about_its_limit() {
        budget.observe(200, headers(Map.of()), CAP);

        assertEquals(Duration.ZERO, budget.reserve());
        assertEquals(Duration.ZERO, budget.reserve());
    }

    @Test
    void a_429_pauses_every_call_until_its_retry_after_then_calls_go_on() {
        budget.observe(429, headers(Map.of("Retry-After", "2")), CAP);

        assertEquals(Duration.ofSeconds(2), budget.reserve());
        assertEquals(Duration.ofSeconds(2), budget.reserve(), "the pause holds every caller, not only the first");
        assertEquals(1, budget.pauses());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Duration.ZERO, budget.reserve());
    }

    @Test
    void a_429_without_retry_after_waits_for_the_limiters_reset_and_never_longer_than_the_cap() {
        budget.observe(429, headers(Map.of("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 5))), CAP);
        assertEquals(Duration.ofSeconds(5), budget.reserve());

        budget.observe(429, headers(Map.of("Retry-After", "3600")), Duration.ofSeconds(7));
        assertEquals(Duration.ofSeconds(7), budget.reserve());
    }

    @Test
    void a_low_remaining_count_spaces_the_next_calls_over_what_is_left_of_the_window() {
        String reset = Long.toString(NOW.plusSeconds(8).getEpochSecond());
        budget.observe(200, headers(Map.of("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", reset)), CAP);

        // 8 s left for 3 requests: one every 2 s, so the window is not spent at once and then turned away.
        assertEquals(Duration.ZERO, budget.reserve());
        assertEquals(Duration.ofSeconds(2), budget.reserve());
        assertEquals(Duration.ofSeconds(4), budget.reserve());
    }

    @Test
    void a_remaining_count_well_above_the_low_mark_does_not_slow_anything() {
        String reset = Long.toString(NOW.plusSeconds(8).getEpochSecond());
        budget.observe(200, headers(Map.of("X-RateLimit-Remaining", "500", "X-RateLimit-Reset", reset)), CAP);

        assertEquals(Duration.ZERO, budget.reserve());
        assertEquals(Duration.ZERO, budget.reserve());
    }

    @Test
    void nothing_remaining_pauses_until_the_reset() {
        String reset = Long.toString(NOW.plusSeconds(3).getEpochSecond());
        budget.observe(200, headers(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset)), CAP);

        assertEquals(Duration.ofSeconds(3), budget.reserve());
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> lists = new java.util.HashMap<>();
        values.forEach((k, v) -> lists.put(k, List.of(v)));
        return HttpHeaders.of(lists, (k, v) -> true);
    }
}
