package io.docspaceguard.scan;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditFeed;
import io.docspaceguard.docspace.RejectedEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a window as consecutive time slices, up to {@code concurrency} slices at once, and hands each one to the
 * caller in slice order (event time) however the reads finish: the rules see a backfill in the order it happened.
 * Reading runs ahead of the caller by at most {@code concurrency + AHEAD} slices, and asks for no more while those
 * read and being read hold about {@link #READY_EVENTS}, so memory is bounded by the events in hand, not by the window.
 * A slice too busy for offset paging ({@link AuditFeed.FeedResult#tooBusy()}) is read again in halves, down to a
 * second.
 */
final class SliceReader {
    /** Slices read and kept beyond those being read, so the caller rarely waits for the next one. */
    static final int AHEAD = 2;

    /** One slice of the window; consecutive slices share their edge ({@code to} of one is {@code from} of the next). */
    record Slice(int index, Instant from, Instant to) {
    }

    /** A slice and what reading it gave. */
    record Read(Slice slice, AuditFeed.FeedResult result) {
    }

    /**
     * Takes the slices in order, several at once when they are read already (fewer, larger stores and evaluations
     * when the caller is behind); answers false to stop reading (cancelled, degraded).
     */
    interface Taker {
        boolean take(List<Read> reads);
    }

    /** A caller that is behind gets ready slices together up to about this many events. */
    static final int BATCH_EVENTS = 5_000;
    /**
     * No new slice is asked for while the slices read and not yet taken, and those being read (counted at the size of
     * the slices read so far), hold this many events: when the caller is the slower side, reading further ahead only
     * fills memory and makes the collector work harder.
     */
    static final int READY_EVENTS = 3 * BATCH_EVENTS;

    private final int concurrency;

    SliceReader(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = concurrency;
    }

    /**
     * [from, to] cut into slices of {@code length}; the last may be shorter. Both bounds of a DocSpace read are
     * inclusive, so neighbours share their edge: nothing between them goes unread, and what lies on the edge
     * itself is read twice and stored once.
     */
    static List<Slice> slices(Instant from, Instant to, Duration length) {
        List<Slice> slices = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(length)) {
            Instant end = start.plus(length);
            slices.add(new Slice(slices.size(), start, end.isBefore(to) ? end : to));
        }
        return slices;
    }

    /** Reads {@code slices} with {@code feed}, handing each to {@code taker} in order until it says stop. */
    void read(AuditFeed feed, List<Slice> slices, Taker taker) {
        int threads = Math.min(concurrency, Math.max(1, slices.size()));
        ExecutorService readers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "slice-reader");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<Read>> pending = new ArrayDeque<>();
        SliceSizes taken = new SliceSizes();
        int next = 0;
        try {
            while (next < slices.size() || !pending.isEmpty()) {
                while (next < slices.size() && pending.size() < threads + AHEAD
                        && heldEvents(pending, taken) < READY_EVENTS) {
                    Slice slice = slices.get(next++);
                    pending.add(readers.submit(() -> new Read(slice, readWhole(feed, slice.from(), slice.to()))));
                }
                List<Read> reads = ready(pending);
                reads.forEach(read -> taken.add(read.result().events().size()));
                if (!taker.take(reads)) {
                    return;
                }
            }
        } finally {
            // Reads still running are of slices nobody will take: stop them.
            readers.shutdownNow();
        }
    }

    /** How many events the slices taken so far held on average: what a slice being read will likely hold. */
    private static final class SliceSizes {
        private long events;
        private long slices;

        void add(int sliceEvents) {
            events += sliceEvents;
            slices++;
        }

        long average() {
            return slices == 0 ? 0 : events / slices;
        }
    }

    /** The events of the slices read and waiting to be taken, and of those being read as many as a slice holds. */
    private static long heldEvents(Deque<Future<Read>> pending, SliceSizes taken) {
        long events = 0;
        for (Future<Read> read : pending) {
            if (!read.isDone()) {
                events += taken.average();
            } else if (!read.isCancelled()) {
                try {
                    events += read.get().result().events().size();
                } catch (ExecutionException | InterruptedException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    return events; // the failure is raised when its turn comes
                }
            }
        }
        return events;
    }

    /** Reads [from, to]; when it needs too many pages, reads its newer and older halves instead. */
    static AuditFeed.FeedResult readWhole(AuditFeed feed, Instant from, Instant to) {
        AuditFeed.FeedResult whole = feed.read(from, to);
        if (!whole.tooBusy()) {
            return whole;
        }
        Instant middle = from.plus(Duration.between(from, to).dividedBy(2)).truncatedTo(ChronoUnit.SECONDS);
        if (!middle.isAfter(from) || !middle.isBefore(to)) {
            return whole; // a single second holds more than paging can reach: reported as degraded
        }
        AuditFeed.FeedResult newer = readWhole(feed, middle, to);
        if (newer.degraded()) {
            return newer;
        }
        AuditFeed.FeedResult older = readWhole(feed, from, middle);
        if (older.degraded()) {
            return older;
        }
        // Newest first, as one read answers; the shared edge second counts once.
        Map<Long, AuditEntry> events = new LinkedHashMap<>();
        newer.events().forEach(e -> events.putIfAbsent(e.id(), e));
        older.events().forEach(e -> events.putIfAbsent(e.id(), e));
        Set<RejectedEvent> rejected = new LinkedHashSet<>(newer.rejected());
        rejected.addAll(older.rejected());
        return new AuditFeed.FeedResult(new ArrayList<>(events.values()), new ArrayList<>(rejected),
                whole.pages() + newer.pages() + older.pages(), null, false);
    }

    /**
     * The next slice, waited for, and those after it that are read already, up to {@link #BATCH_EVENTS}. A read that
     * failed ends the batch and stays queued: the slices before it are taken first, then its failure is raised.
     */
    private static List<Read> ready(Deque<Future<Read>> pending) {
        List<Read> reads = new ArrayList<>();
        Read first = await(pending.poll());
        reads.add(first);
        int events = first.result().events().size();
        while (!pending.isEmpty() && pending.peek().isDone() && !reads.get(reads.size() - 1).result().degraded()) {
            Read next;
            try {
                next = pending.peek().get();
            } catch (ExecutionException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                break;
            }
            if (events + next.result().events().size() > BATCH_EVENTS) {
                break;
            }
            pending.poll();
            reads.add(next);
            events += next.result().events().size();
        }
        return reads;
    }

    private static Read await(Future<Read> read) {
        return Await.result(read, "a slice");
    }
}
