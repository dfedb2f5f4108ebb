package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.docspaceguard.store.Leadership;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Turns of the schedule, played by hand on a clock the test moves. */
class ScanScheduleTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger runs = new AtomicInteger();
    private boolean leads;
    private final Leadership leadership = new Leadership() {
        @Override
        public boolean lead() {
            return leads;
        }

        @Override
        public boolean leading() {
            return leads;
        }

        @Override
        public void close() {
        }
    };
    private final ScanSchedule schedule = new ScanSchedule(leadership, Duration.ofSeconds(10), runs::incrementAndGet,
            nanos::get);

    @Test
    void a_follower_never_scans() {
        for (int second = 0; second < 60; second += 2) {
            at(second);
            schedule.tick();
        }

        assertEquals(0, runs.get());
    }

    @Test
    void the_leader_scans_once_per_interval_however_often_it_is_asked() {
        leads = true;
        for (int second = 0; second < 60; second += 2) {
            at(second);
            schedule.tick();
        }

        assertEquals(6, runs.get(), "at 0, 10, 20, 30, 40 and 50 s");
    }

    @Test
    void an_instance_that_takes_the_lead_scans_at_once_not_at_the_end_of_an_interval() {
        leads = true;
        at(0);
        schedule.tick();
        leads = false; // another instance took over
        at(2);
        schedule.tick();
        leads = true; // and died
        at(4);
        schedule.tick();

        assertEquals(2, runs.get());
    }

    @Test
    void a_failed_scan_leaves_the_schedule_running() {
        leads = true;
        AtomicInteger attempts = new AtomicInteger();
        ScanSchedule failing = new ScanSchedule(leadership, Duration.ofSeconds(10), () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("DocSpace unreachable");
        }, nanos::get);

        at(0);
        failing.tick();
        at(10);
        failing.tick();

        assertEquals(2, attempts.get());
    }

    private void at(int second) {
        nanos.set(Duration.ofSeconds(second).toNanos());
    }
}
