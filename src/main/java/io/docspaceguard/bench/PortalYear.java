package io.docspaceguard.bench;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A large portal's year of incidents, deterministic for a seed: who, under which rule, when, how many files, and
 * what reviewers did about it. Shapes follow the shipped rules (limit, window, severity, the action that counts);
 * most bursts end just over their limit, as real ones do. A few accounts (an auto-saver, a migration account)
 * collect many incidents and most people few; work happens on weekdays in office hours; recent incidents are
 * mostly still open, older ones were dismissed, approved or re-enabled, and at most one per user and rule is open.
 */
final class PortalYear {

    /** How one rule's incidents look: the activity it counts and how far over its limit a burst usually goes. */
    record Shape(String rule, String severity, int limit, Duration window, int actionId, String entries,
                 String verb, String noun, int minItems, int maxItems, double weight) {
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("bulk-file-changes", "high", 20, Duration.ofMinutes(10), 5034, "1", "File Updated", "docx",
                    21, 34, 32),
            new Shape("mass-deletion", "high", 10, Duration.ofMinutes(10), 5017, "1", "Moved To Trash Folder", "xlsx",
                    11, 20, 24),
            new Shape("mass-download", "medium", 50, Duration.ofMinutes(10), 5009, "1", "File Downloaded", "pdf",
                    51, 64, 8),
            new Shape("link-sharing", "high", 20, Duration.ofMinutes(10), 5091, "1", "External Link Created", "docx",
                    21, 28, 8),
            new Shape("folder-downloads", "medium", 3, Duration.ofMinutes(30), 5057, "2", "Folder Downloaded", null,
                    4, 7, 7),
            new Shape("folders-removed", "high", 2, Duration.ofMinutes(30), 5026, "2", "Folder Deleted", null,
                    3, 5, 7),
            new Shape("trash-emptied-after-deletions", "critical", 3, Duration.ofHours(1), 5018, "1", "File Deleted",
                    "pptx", 4, 15, 4),
            new Shape("versions-deleted", "high", 5, Duration.ofMinutes(30), 5004, "1", "Version Deleted", "docx",
                    6, 12, 4),
            new Shape("ransomware-names", "critical", 2, Duration.ofMinutes(10), 5001, "1", "File Renamed", "locked",
                    3, 12, 3),
            new Shape("rooms-removed", "high", 0, Duration.ofHours(1), 5074, "25", "Room Deleted", null, 1, 2, 2),
            new Shape("sustained-changes", "high", 100, Duration.ofHours(2), 5034, "1", "File Updated", "xlsx",
                    101, 130, 0.6),
            new Shape("sustained-downloads", "medium", 200, Duration.ofHours(3), 5009, "1", "File Downloaded", "pdf",
                    201, 240, 0.4));

    static final List<String> REVIEWERS = List.of("alice", "bogdan", "chen", "dana", "emeka", "farah");

    private static final String[] FIRST = {"Anna", "Mark", "Olga", "Jonas", "Lea", "Ravi", "Sofia", "Tomas", "Yuki",
            "Priya", "Lukas", "Maria", "Noah", "Ines", "Pavel", "Hana", "Omar", "Julia", "Ken", "Elif"};
    private static final String[] LAST = {"Keller", "Olsen", "Novak", "Schmidt", "Rossi", "Tanaka", "Garcia",
            "Nowak", "Dubois", "Berg", "Silva", "Kowalski", "Meyer", "Ivanova", "Larsen", "Fischer"};

    record Person(String id, String name) {
    }

    /**
     * One incident as seeded. {@code itemsSeed} regenerates its files and events the same way in every pass.
     *
     * @param closedAt when a reviewer closed it; null while open
     * @param reopened for a re-enabled incident: when the account was re-enabled
     */
    record Planned(Person person, Shape shape, String status, Instant createdAt, Instant firstEventAt,
                   Instant lastEventAt, int items, Instant closedAt, Instant reopened, String reviewer,
                   boolean extended, long itemsSeed) {
    }

    private final List<Person> people;
    private final double[] personWeights;

    PortalYear(long seed, int peopleCount) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Person> list = new ArrayList<>(peopleCount);
        double[] cumulative = new double[peopleCount];
        double total = 0;
        for (int i = 0; i < peopleCount; i++) {
            String id = new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                    random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
            list.add(new Person(id, FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)]));
            total += 1.0 / Math.pow(i + 1, 0.9); // Zipf-like: a few accounts, many incidents
            cumulative[i] = total;
        }
        this.people = List.copyOf(list);
        this.personWeights = cumulative;
    }

    List<Person> people() {
        return people;
    }

    /** {@code count} incidents of the year before {@code end}, oldest first (so ids grow with time, as they do). */
    List<Planned> incidents(long seed, int count, Instant end) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Instant start = end.minus(Duration.ofDays(365));
        Instant[] created = new Instant[count];
        for (int i = 0; i < count; i++) {
            created[i] = workingTime(random, start, end);
        }
        Arrays.sort(created);
        double shapeTotal = SHAPES.stream().mapToDouble(Shape::weight).sum();
        Set<String> open = new HashSet<>();
        List<Planned> planned = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Person person = pickPerson(random);
            Shape shape = pickShape(random, shapeTotal);
            int items = shape.minItems() + random.nextInt(shape.maxItems() - shape.minItems() + 1);
            Instant last = created[i].minusSeconds(60 + random.nextInt(300)); // scans run behind the events
            long spanMillis = (long) (shape.window().toMillis() * (0.3 + 0.7 * random.nextDouble()));
            Instant first = items == 1 ? last : last.minusMillis(spanMillis);
            long age = Duration.between(created[i], end).toDays();
            String status = status(random, age);
            if ("open".equals(status) && !open.add(person.id() + "/" + shape.rule())) {
                status = "dismissed"; // one open incident per user and rule
            }
            Instant closedAt = "open".equals(status) ? null
                    : min(created[i].plus(Duration.ofMinutes(5 + random.nextInt(48 * 60))), end);
            Instant reopened = "reenabled".equals(status)
                    ? min(closedAt.plus(Duration.ofHours(1 + random.nextInt(72))), end) : null;
            planned.add(new Planned(person, shape, status, created[i], first, last, items, closedAt, reopened,
                    REVIEWERS.get(random.nextInt(REVIEWERS.size())), random.nextInt(10) < 3, random.nextLong()));
        }
        return planned;
    }

    /** A time in office hours on a weekday, mostly; some work happens at night and at weekends. */
    private static Instant workingTime(SplittableRandom random, Instant start, Instant end) {
        long span = Duration.between(start, end).toSeconds();
        while (true) {
            Instant at = start.plusSeconds((long) (random.nextDouble() * span));
            ZonedDateTime local = at.atZone(ZoneOffset.UTC);
            boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
            boolean office = local.getHour() >= 7 && local.getHour() < 18;
            double keep = (weekend ? 0.15 : 1.0) * (office ? 1.0 : 0.1);
            if (random.nextDouble() < keep) {
                return at;
            }
        }
    }

    private static String status(SplittableRandom random, long ageDays) {
        int roll = random.nextInt(100);
        if (ageDays < 3) {
            return roll < 70 ? "open" : roll < 80 ? "disabled" : "dismissed";
        }
        if (ageDays < 30) {
            return roll < 25 ? "open" : roll < 45 ? "disabled" : roll < 90 ? "dismissed" : "reenabled";
        }
        return roll < 3 ? "open" : roll < 18 ? "disabled" : roll < 78 ? "dismissed" : "reenabled";
    }

    private Person pickPerson(SplittableRandom random) {
        double roll = random.nextDouble() * personWeights[personWeights.length - 1];
        int index = Arrays.binarySearch(personWeights, roll);
        return people.get(Math.min(people.size() - 1, index >= 0 ? index : -index - 1));
    }

    private static Shape pickShape(SplittableRandom random, double total) {
        double roll = random.nextDouble() * total;
        for (Shape shape : SHAPES) {
            roll -= shape.weight();
            if (roll < 0) {
                return shape;
            }
        }
        return SHAPES.get(0);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
