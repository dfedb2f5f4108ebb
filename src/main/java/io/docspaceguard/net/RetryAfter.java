package io.docspaceguard.net;

import java.net.http.HttpResponse;
import java.time.Duration;

/** A server's {@code Retry-After} as a delay for Failsafe's {@code withDelayFn}, for every outgoing client. */
public final class RetryAfter {
    /** Failsafe reads a negative delay as "use the policy's own backoff". */
    private static final Duration USE_BACKOFF = Duration.ofMillis(-1);

    private RetryAfter() {
    }

    /** The delay in seconds the last answer asked for, capped; negative when it asked for none. */
    public static Duration delay(HttpResponse<?> last, Duration cap) {
        if (last == null) {
            return USE_BACKOFF;
        }
        return last.headers().firstValue("Retry-After")
                .map(String::trim)
                .filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .map(d -> d.compareTo(cap) > 0 ? cap : d)
                .orElse(USE_BACKOFF);
    }
}
