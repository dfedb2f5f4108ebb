package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.MutableClock;
import io.docspaceguard.demo.SimulatedPortal;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.AuditPage;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.docspace.UnsupportedDocSpace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slicing a window and reading the slices at once, against the simulated portal over HTTP. */
class SliceReaderTest {
    private static final Instant FROM = Instant.parse("2026-11-30T00:00:00Z");
    private static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";

    private final SimulatedPortal portal = new SimulatedPortal(new MutableClock(FROM.plus(Duration.ofDays(1))),
            SimulatedPortal.DEFAULT_ZONE);
    private DocSpaceClient client;

    @BeforeEach
    void start() {
        portal.start(0);
        client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(), new HttpDocSpaceClient.Settings(
                Duration.ofSeconds(2), Duration.ofSeconds(10), 1, Duration.ofMillis(5), Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    @Test
    void slices_cover_the_window_without_a_gap_each_starting_where_the_last_ended() {
        Instant to = FROM.plus(Duration.ofMinutes(210));

        List<SliceReader.Slice> slices = SliceReader.slices(FROM, to, Duration.ofHours(1));

        assertEquals(4, slices.size());
        assertEquals(FROM, slices.get(0).from());
        for (int i = 1; i < slices.size(); i++) {
            assertEquals(slices.get(i - 1).to(), slices.get(i).from());
            assertEquals(i, slices.get(i).index());
        }
        assertEquals(to, slices.get(3).to(), "the last slice is shorter and ends with the window");
    }

    @Test
    void a_slice_too_busy_for_paging_is_read_in_halves_and_every_event_comes_once() {
        // 250 events in one hour, 5 on the second where the halves meet; two pages allowed per read.
        Set<Long> written = new HashSet<>();
        for (int n = 0; n < 245; n++) {
            written.add(event(FROM.plusSeconds(14L * n + 1)));
        }
        for (int n = 0; n < 5; n++) {
            written.add(event(FROM.plus(Duration.ofMinutes(30))));
        }

        AuditFeed.FeedResult read = SliceReader.readWhole(new AuditFeed(client, 2), FROM,
                FROM.plus(Duration.ofHours(1)));

        assertFalse(read.degraded(), read.degradedReason());
        List<Long> ids = read.events().stream().map(AuditEntry::id).toList();
        assertEquals(written, new HashSet<>(ids));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no event twice, not even on the shared second");
    }

    @Test
    void slices_are_handed_over_in_event_time_order_even_when_the_first_is_read_last() {
        for (int hour = 0; hour < 4; hour++) {
            event(FROM.plus(Duration.ofHours(hour)).plusSeconds(600));
        }
        List<SliceReader.Slice> slices = SliceReader.slices(FROM, FROM.plus(Duration.ofHours(4)), Duration.ofHours(1));
        CountDownLatch othersRead = new CountDownLatch(3);
        List<Instant> finished = new CopyOnWriteArrayList<>();
        // The first slice answers only once the three others have been read.
        DocSpaceClient firstIsSlow = new UnsupportedDocSpace() {
            @Override
            public AuditPage auditEvents(Instant from, Instant to, int startIndex, int count) {
                if (from.equals(FROM)) {
                    await(othersRead);
                }
                AuditPage page = client.auditEvents(from, to, startIndex, count);
                finished.add(from);
                if (!from.equals(FROM)) {
                    othersRead.countDown();
                }
                return page;
            }
        };
        List<Integer> taken = new ArrayList<>();

        new SliceReader(4).read(new AuditFeed(firstIsSlow), slices, reads -> {
            reads.forEach(read -> taken.add(read.slice().index()));
            return true;
        });

        assertEquals(FROM, finished.get(finished.size() - 1), "the first slice was read last");
        assertEquals(List.of(0, 1, 2, 3), taken);
    }

    @Test
    void slices_being_read_count_towards_the_events_held_ahead_of_a_slow_taker() throws InterruptedException {
        int perSlice = 1_000;
        int slicesInAll = 30;
        int firstWave = 16 + SliceReader.AHEAD;
        for (int minute = 0; minute < slicesInAll; minute++) {
            for (int i = 0; i < perSlice; i++) {
                event(FROM.plus(Duration.ofMinutes(minute)).plusMillis(1 + i * 50L));
            }
        }
        // Slices end a millisecond before the next minute's events: each holds its own minute only.
        List<SliceReader.Slice> slices = new ArrayList<>();
        for (int minute = 0; minute < slicesInAll; minute++) {
            Instant start = FROM.plus(Duration.ofMinutes(minute));
            slices.add(new SliceReader.Slice(minute, start, start.plus(Duration.ofSeconds(59))));
        }
        CountDownLatch release = new CountDownLatch(1);
        Set<Instant> blocked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        // The first wave answers at once; the slices after it are read only when the test says so.
        DocSpaceClient laterSlicesWait = new UnsupportedDocSpace() {
            @Override
            public AuditPage auditEvents(Instant from, Instant to, int startIndex, int count) {
                if (!from.isBefore(FROM.plus(Duration.ofMinutes(firstWave)))) {
                    blocked.add(from);
                    await(release);
                }
                return client.auditEvents(from, to, startIndex, count);
            }
        };
        List<Integer> taken = new CopyOnWriteArrayList<>();
        Thread reading = new Thread(() -> new SliceReader(16).read(new AuditFeed(laterSlicesWait), slices, reads -> {
            reads.forEach(read -> {
                assertEquals(perSlice, read.result().events().size());
                taken.add(read.slice().index());
            });
            return true;
        }));
        reading.start();

        // The taker has taken the first wave and waits for the next slice, which is being read.
        while (taken.size() < firstWave) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
        int beingRead = blocked.size();
        release.countDown();
        reading.join(30_000);

        assertEquals(java.util.stream.IntStream.range(0, slicesInAll).boxed().toList(), taken);
        // Counted at the size of the slices read so far, the slices being read fill the budget of events held ahead,
        // instead of the readers taking a slice each.
        assertTrue(beingRead >= 1 && beingRead <= SliceReader.READY_EVENTS / perSlice,
                beingRead + " slices were being read at once");
    }

    @Test
    void reading_stops_when_the_taker_says_so() {
        List<SliceReader.Slice> slices = SliceReader.slices(FROM, FROM.plus(Duration.ofHours(6)), Duration.ofHours(1));
        List<List<SliceReader.Read>> calls = new ArrayList<>();

        new SliceReader(1).read(new AuditFeed(client), slices, reads -> {
            calls.add(reads);
            return false;
        });

        assertEquals(1, calls.size(), "no slice is handed over after the taker said stop");
        assertEquals(0, calls.get(0).get(0).slice().index());
    }

    private long event(Instant at) {
        return portal.write(new SimulatedPortal.Write(at, null, ANNA, 5002, "f" + at.toEpochMilli() + "-"
                + System.nanoTime(), "report.docx", "Rooms: Finance"));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the other slices were never read");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
