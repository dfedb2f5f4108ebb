package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Optional;
import java.util.TimeZone;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class CheckpointDaoBehaviour {
    private static final Instant T0 = Instant.parse("2025-05-14T08:31:07.5Z");

    private CheckpointDao dao;

    @BeforeEach
    void setUp(Jdbi jdbi) {
        dao = jdbi.onDemand(CheckpointDao.class);
    }

    @Test
    void a_checkpoint_never_set_is_empty() {
        assertEquals(Optional.empty(), dao.get("audit"));
    }

    @Test
    void setting_a_checkpoint_creates_it_then_moves_it() {
        dao.set("audit", T0);
        assertEquals(Optional.of(T0), dao.get("audit"));

        dao.set("audit", T0.plusSeconds(60));
        assertEquals(Optional.of(T0.plusSeconds(60)), dao.get("audit"));
    }

    @Test
    void a_checkpoint_never_moves_backwards() {
        dao.set("audit", T0.plusSeconds(60));

        dao.set("audit", T0);

        assertEquals(Optional.of(T0.plusSeconds(60)), dao.get("audit"));
    }

    @Test
    void concurrent_writers_leave_the_latest_checkpoint_whatever_order_they_commit_in() throws Exception {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            times.add(T0.plusSeconds(i));
        }
        Collections.shuffle(times, new Random(7));
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Instant at : times) {
                done.add(writers.submit(() -> dao.set("audit", at)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdown();
        }

        assertEquals(Optional.of(T0.plusSeconds(199)), dao.get("audit"));
    }

    @Test
    void checkpoints_are_kept_apart_by_name() {
        dao.set("audit", T0);
        dao.set("other", T0.plusSeconds(1));

        assertEquals(Optional.of(T0), dao.get("audit"));
        assertEquals(Optional.of(T0.plusSeconds(1)), dao.get("other"));
    }

    @Test
    void a_checkpoint_round_trips_whatever_the_jvm_time_zone() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            dao.set("audit", T0);
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            assertEquals(Optional.of(T0), dao.get("audit"));
        } finally {
            TimeZone.setDefault(original);
        }
    }
}
