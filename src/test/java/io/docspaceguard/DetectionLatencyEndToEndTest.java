package io.docspaceguard;

import static io.docspaceguard.GuardFixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.scan.Scanner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the default scan interval and lag, polling alone opens the incident of a burst within 30 s of the event that
 * took it over the limit, whatever the phase of the schedule, even though DocSpace writes each audit row a
 * second after the action. The scheduler is played by the test on a clock it moves, one default interval at a time.
 */
class DetectionLatencyEndToEndTest {
    private static final Instant BURST = GuardFixture.at("10:00:00");
    /** bulk-file-changes: more than 20 files in 10 minutes; one file a second. */
    private static final int FILES = 30;
    private static final int LIMIT = 20;
    private static final Duration AUDIT_WRITE_DELAY = Duration.ofSeconds(1);

    @TempDir
    Path work;

    @ParameterizedTest(name = "schedule phase {0} ms")
    @ValueSource(longs = {0, 3_300, 6_700, 9_900})
    void a_burst_is_an_incident_within_30_seconds_of_its_21st_file(long phaseMillis) {
        Config defaults = Config.fromEnv(Map.of());
        Instant crossing = BURST.plusSeconds(LIMIT); // the 21st file
        try (GuardFixture guard = new GuardFixture(work.resolve("p" + phaseMillis), BURST.minusSeconds(60), Map.of())) {
            guard.start();
            Instant scanAt = BURST.minusSeconds(30).plusMillis(phaseMillis);
            Instant openedAt = null;
            int written = 0;
            while (openedAt == null && scanAt.isBefore(crossing.plusSeconds(120))) {
                guard.clock.set(scanAt);
                // DocSpace's asynchronous writer: a row appears a second after its action.
                while (written < FILES && !BURST.plusSeconds(written).plus(AUDIT_WRITE_DELAY).isAfter(scanAt)) {
                    guard.portal.addEvent(BURST.plusSeconds(written), "mark", 5034, "mark-f" + written);
                    written++;
                }
                if (guard.app().scanner().scan(Scanner.Trigger.SCHEDULE).incidentsOpened() > 0) {
                    openedAt = scanAt;
                }
                scanAt = scanAt.plus(defaults.scanInterval());
            }

            assertTrue(openedAt != null, "no incident within two minutes of the crossing");
            Duration latency = Duration.between(crossing, openedAt);
            assertTrue(latency.compareTo(Duration.ofSeconds(30)) <= 0, "opened " + latency + " after the 21st file");
            String metrics = guard.api().get("/metrics", VIEWER).text();
            assertEquals(1.0, sample(metrics, "guard_detection_seconds_count{stage=\"opened\"}"), metrics);
            assertEquals(latency.toMillis() / 1000.0, sample(metrics, "guard_detection_seconds_sum{stage=\"opened\"}"),
                    0.001, metrics);
        }
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
