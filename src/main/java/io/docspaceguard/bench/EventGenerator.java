package io.docspaceguard.bench;

import io.docspaceguard.facts.AuditEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic, time-ordered stream of audit events for one day: background activity of many users
 * plus scheduled bursts (mass change, mass deletion, mass download) of a few. Events are produced
 * lazily, so a stream ten times longer needs no more memory. The same seed gives the same stream.
 */
public final class EventGenerator implements Iterator<AuditEvent> {
    public static final long DAY_MS = 24 * 60 * 60 * 1000L;
    static final String BURSTY_PREFIX = "b";

    private static final int[] CHANGE_ACTIONS = {5034, 5034, 5034, 5002, 5011, 5099, 5001, 5000, 5003, 5015};
    private static final int[] DELETE_ACTIONS = {5017, 5017, 5018};
    private static final int[] DOWNLOAD_ACTIONS = {5009, 5009, 5010};
    private static final int[] OTHER_FILE_ACTIONS = {5064, 5006, 5007, 5008, 5054};

    /** Sizes of the generated population. */
    public record Shape(long events, int users, int files, int burstyUsers, long start) {
        public static Shape standard(long events) {
            return new Shape(events, 5_000, 200_000, 50, 1_747_000_000_000L);
        }
    }

    private record Scheduled(long ts, AuditEvent event) {
    }

    private final Shape shape;
    private final SplittableRandom random;
    private final PriorityQueue<Scheduled> bursts = new PriorityQueue<>((a, b) -> Long.compare(a.ts, b.ts));
    private final double meanGapMs;
    private long produced;
    private long nextId = 1;
    private double backgroundClock;
    private AuditEvent nextBackground;

    public EventGenerator(Shape shape, long seed) {
        this.shape = shape;
        this.random = new SplittableRandom(seed);
        long days = Math.max(1, shape.events() / 1_000_000L);
        scheduleBursts(days);
        long backgroundEvents = Math.max(1, shape.events() - bursts.size());
        this.meanGapMs = (double) days * DAY_MS / backgroundEvents;
        this.backgroundClock = shape.start();
        this.nextBackground = background();
    }

    /** Two bursts a day for each bursty user: a third each of mass change, deletion and download. */
    private void scheduleBursts(long days) {
        for (long day = 0; day < days; day++) {
            for (int u = 0; u < shape.burstyUsers(); u++) {
                for (int b = 0; b < 2; b++) {
                    long start = shape.start() + day * DAY_MS + random.nextLong(DAY_MS - 3_600_000L);
                    int kind = (u + b) % 3;
                    int files = switch (kind) {
                        case 0 -> 25 + random.nextInt(100);
                        case 1 -> 12 + random.nextInt(40);
                        default -> 55 + random.nextInt(120);
                    };
                    int[] actions = kind == 0 ? CHANGE_ACTIONS : kind == 1 ? DELETE_ACTIONS : DOWNLOAD_ACTIONS;
                    long spanMs = 60_000L + random.nextLong(7 * 60_000L);
                    int firstFile = random.nextInt(shape.files());
                    for (int f = 0; f < files; f++) {
                        long ts = start + spanMs * f / files;
                        String file = Integer.toString((firstFile + f) % shape.files());
                        bursts.add(new Scheduled(ts, event(ts, BURSTY_PREFIX + u, pick(actions), 1, file)));
                    }
                }
            }
        }
    }

    private AuditEvent background() {
        backgroundClock += -Math.log(1 - random.nextDouble()) * meanGapMs;
        int user = random.nextInt(shape.users());
        // Each user works mostly on a small set of files of their own.
        int file = Math.floorMod(user * 40 + random.nextInt(60), shape.files());
        int roll = random.nextInt(100);
        int action;
        int entry = 1;
        if (roll < 70) {
            action = pick(CHANGE_ACTIONS);
        } else if (roll < 75) {
            action = pick(DELETE_ACTIONS);
        } else if (roll < 90) {
            action = pick(DOWNLOAD_ACTIONS);
        } else if (roll < 95) {
            action = pick(OTHER_FILE_ACTIONS);
        } else {
            action = 5026; // folder moved to trash: not a file event
            entry = 2;
        }
        return event((long) backgroundClock, "u" + user, action, entry, Integer.toString(file));
    }

    /**
     * One account saving {@code files} distinct files, evenly spread over {@code spanMs}: a burst that stays over the
     * bulk-change limit from its 21st file to its last.
     */
    public static List<AuditEvent> oneBurst(int files, long start, long spanMs) {
        List<AuditEvent> events = new ArrayList<>(files);
        for (int i = 0; i < files; i++) {
            long ts = start + spanMs * i / files;
            events.add(new AuditEvent(i + 1, ts, "burster", "burster", 5034, List.of(1), List.of("burst-file-" + i)));
        }
        return events;
    }

    private AuditEvent event(long ts, String user, int action, int entry, String file) {
        return new AuditEvent(0, ts, user, user, action, List.of(entry), List.of(file));
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }

    @Override
    public boolean hasNext() {
        return produced < shape.events();
    }

    @Override
    public AuditEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        produced++;
        AuditEvent chosen;
        if (!bursts.isEmpty() && bursts.peek().ts() <= nextBackground.ts()) {
            chosen = bursts.poll().event();
        } else {
            chosen = nextBackground;
            nextBackground = background();
        }
        long id = nextId++;
        return new AuditEvent(id, chosen.ts(), chosen.userId(), chosen.userName(), chosen.actionId(),
                chosen.entries(), chosen.target());
    }
}
