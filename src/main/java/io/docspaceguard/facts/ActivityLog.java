package io.docspaceguard.facts;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The activities in one window, in arrival order, kept so that a rule that fires can take them as they are at no
 * cost: while a burst stays over its limit the rule fires on every activity, and copying the window each time made a
 * burst cost the square of its size.
 *
 * <p>Activities are appended at the end and leave, almost always, from the front. A {@link Snapshot} is a range of the
 * array the log writes into, and the log never writes a slot that a snapshot may cover again: it moves to a new array
 * instead. Every activity gets a sequence number that this log never gives again, so of two snapshots of one log the
 * later one's activities numbered after the earlier one's end are exactly what it adds.
 *
 * <p>Not thread-safe; snapshots are immutable and may be read anywhere.
 */
public final class ActivityLog {
    private static final int INITIAL_CAPACITY = 16;
    /**
     * An empty log holds no array: a session has a window per rule and active account, most of them empty at any
     * time (some 55,000 in a backfill of 5,000 accounts).
     */
    private static final FileActivity[] NONE = new FileActivity[0];

    private FileActivity[] items = NONE;
    private int head;
    private int tail;
    /** The sequence number of {@code items[0]}. */
    private long seqBase;
    /** Slots below this index may be in a snapshot: they are neither cleared nor written again. */
    private int shared;
    /** The sequence number of the latest activity older than the one before it (a late event); -1 for none. */
    private long lastInversion = -1;

    public int size() {
        return tail - head;
    }

    public void append(FileActivity activity) {
        if (tail == items.length) {
            if (shared == 0 && head > 0 && size() <= items.length / 2) {
                compactInPlace();
            } else {
                moveTo(new FileActivity[Math.max(INITIAL_CAPACITY, 2 * (size() + 1))], -1);
            }
        }
        if (tail > head && activity.ts() < items[tail - 1].ts()) {
            lastInversion = seqBase + tail;
        }
        items[tail++] = activity;
    }

    /** Takes out the first activity equal to {@code activity}; answers false when the log holds none. */
    public boolean remove(FileActivity activity) {
        int at = tail > head && items[head] == activity ? head : indexOf(activity);
        if (at < 0) {
            return false;
        }
        if (at > head) {
            // Rare (an activity leaving out of turn): the rest move to a new array, numbered anew, so that no
            // snapshot taken before can pass for a prefix of the ones taken after.
            moveTo(new FileActivity[Math.max(INITIAL_CAPACITY, 2 * size())], at);
            return true;
        }
        if (head >= shared) {
            items[head] = null;
        }
        head++;
        if (head == tail && shared == 0) {
            seqBase += tail;
            items = NONE;
            head = 0;
            tail = 0;
        }
        return true;
    }

    private int indexOf(FileActivity activity) {
        for (int i = head; i < tail; i++) {
            if (items[i].equals(activity)) {
                return i;
            }
        }
        return -1;
    }

    /** Empties the log; snapshots taken before keep what they hold. */
    public void clear() {
        items = NONE;
        seqBase += tail;
        head = 0;
        tail = 0;
        shared = 0;
    }

    /** The activities in the log now, oldest first; the log's later changes do not show in it. */
    public Snapshot snapshot() {
        shared = Math.max(shared, tail);
        long firstSeq = seqBase + head;
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        if (tail > head && lastInversion <= firstSeq) {
            // In time order (no late event among them): the ends are the earliest and the latest.
            earliest = items[head].ts();
            latest = items[tail - 1].ts();
        } else {
            for (int i = head; i < tail; i++) {
                earliest = Math.min(earliest, items[i].ts());
                latest = Math.max(latest, items[i].ts());
            }
        }
        return new Snapshot(this, items, head, tail, firstSeq, earliest, latest);
    }

    /** Moves the live activities to the start of the array: no snapshot shares it, so no one sees them move. */
    private void compactInPlace() {
        int live = size();
        System.arraycopy(items, head, items, 0, live);
        Arrays.fill(items, live, tail, null);
        seqBase += head;
        head = 0;
        tail = live;
    }

    /**
     * Copies the live activities to the start of {@code target} and writes there from now on. With {@code skip} >= 0
     * the activity at that index stays behind and the rest get new numbers, above every number given before.
     */
    private void moveTo(FileActivity[] target, int skip) {
        int n = 0;
        for (int i = head; i < tail; i++) {
            if (i != skip) {
                target[n++] = items[i];
            }
        }
        if (skip < 0) {
            seqBase += head;
        } else {
            seqBase += tail;
            lastInversion = -1;
            for (int i = 1; i < n; i++) {
                if (target[i].ts() < target[i - 1].ts()) {
                    lastInversion = seqBase + i;
                }
            }
        }
        items = target;
        head = 0;
        tail = n;
        shared = 0;
    }

    /**
     * The activities of a log at one moment, oldest first, with their sequence numbers and their time span, which
     * costs nothing to take when they are in time order.
     */
    public static final class Snapshot extends AbstractList<FileActivity> implements RandomAccess {
        private final ActivityLog log;
        private final FileActivity[] items;
        private final int from;
        private final int to;
        private final long firstSeq;
        private final long earliest;
        private final long latest;

        private Snapshot(ActivityLog log, FileActivity[] items, int from, int to, long firstSeq, long earliest,
                         long latest) {
            this.log = log;
            this.items = items;
            this.from = from;
            this.to = to;
            this.firstSeq = firstSeq;
            this.earliest = earliest;
            this.latest = latest;
        }

        @Override
        public FileActivity get(int index) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException(index);
            }
            return items[from + index];
        }

        @Override
        public int size() {
            return to - from;
        }

        /** The log this was taken of: sequence numbers compare only within one log. */
        public ActivityLog log() {
            return log;
        }

        /** The sequence number of the oldest activity here (of the next one to come, when empty). */
        public long firstSeq() {
            return firstSeq;
        }

        /** The sequence number after the newest activity here. */
        public long endSeq() {
            return firstSeq + size();
        }

        /** The activities here numbered {@code seq} or later. */
        public List<FileActivity> fromSeq(long seq) {
            return subList((int) Math.min(size(), Math.max(0, seq - firstSeq)), size());
        }

        /** The earliest activity time here; {@link Long#MAX_VALUE} when empty. */
        public long earliest() {
            return earliest;
        }

        /** The latest activity time here; {@link Long#MIN_VALUE} when empty. */
        public long latest() {
            return latest;
        }
    }
}
