package io.docspaceguard.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the simulated portal look used: named people doing ordinary work at a human rate, and every few
 * minutes one scenario from a fixed cycle (burst, mass deletion, downloader, re-saver). Time is the
 * injected clock's and all randomness comes from one seed, so a test with a hand-moved clock and
 * {@link #tick()} sees the same activity every run. A disabled account produces nothing, scenario included.
 */
public final class ActivitySimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActivitySimulator.class);

    /** Rules look back 10 minutes: a scenario's actor stays out of background work that long on both sides. */
    static final Duration QUIET = Duration.ofMinutes(10);
    private static final int FILES_PER_PERSON = 60;
    /** Below this many files a person stops trashing during ordinary work. */
    private static final int MIN_FILES = 45;

    public enum Scenario {
        /** One person overwrites 25–40 distinct files within two minutes: ransomware-like. */
        BURST,
        /** One person moves 12–20 files to the trash within a minute. */
        MASS_DELETION,
        /** One person downloads 55–70 distinct files within about three minutes. */
        DOWNLOADER,
        /** One person saves the same 3 files 40 times: busy but harmless, must open no incident. */
        RE_SAVER;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param scenarioEvery      time between automatic scenarios; zero for none (tests start them by hand)
     * @param firstScenarioAfter delay of the first automatic scenario
     * @param backgroundGap      mean time between two ordinary actions on the whole portal; zero for none
     * @param maxLateness        how long after its date a row may be written at most: keep it below the
     *                           scanner's lag + overlap - interval, or the service misses late rows
     */
    public record Settings(Duration scenarioEvery, Duration firstScenarioAfter, Duration backgroundGap,
                           Duration maxLateness) {
        public Settings {
            Objects.requireNonNull(scenarioEvery, "scenarioEvery");
            Objects.requireNonNull(firstScenarioAfter, "firstScenarioAfter");
            Objects.requireNonNull(backgroundGap, "backgroundGap");
            Objects.requireNonNull(maxLateness, "maxLateness");
            if (scenarioEvery.isNegative() || firstScenarioAfter.isNegative() || backgroundGap.isNegative()
                    || maxLateness.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("durations must not be negative; maxLateness at least 1 s");
            }
        }

        /** A scenario every three minutes, the first after 30 s; about ten ordinary actions a minute. */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(3), Duration.ofSeconds(30), Duration.ofSeconds(6),
                    Duration.ofSeconds(20));
        }
    }

    /** One scenario as planned: who, and the span its events are dated in. */
    public record ScenarioRun(Scenario scenario, String userId, String userName, Instant start, Instant end,
                              int files) {
    }

    private record Planned(Instant at, long seq, String userId, int actionId, Roster.File file, String context) {
    }

    private final SimulatedPortal portal;
    private final Clock clock;
    private final Settings settings;
    private final SplittableRandom random;
    private final List<Roster.Member> members;
    private final Map<String, List<Roster.File>> files = new HashMap<>();
    private final Map<String, Instant> busyUntil = new HashMap<>();
    private final PriorityQueue<Planned> planned =
            new PriorityQueue<>(Comparator.comparing(Planned::at).thenComparingLong(Planned::seq));
    private final List<ScenarioRun> history = new ArrayList<>();
    private long seq;
    private long nextFileId = 48_000;
    private int cycle;
    private Instant nextBackground;
    private Instant nextScenario;
    /** Chosen ahead and kept out of ordinary work, so a scenario's window holds only the scenario. */
    private Roster.Member nextActor;
    private ScheduledExecutorService ticker;

    /** Adds the roster to the portal; activity starts at the clock's present. */
    public ActivitySimulator(SimulatedPortal portal, Clock clock, long seed, Settings settings) {
        this.portal = portal;
        this.clock = clock;
        this.settings = settings;
        this.random = new SplittableRandom(seed);
        this.members = Roster.members(random);
        for (Roster.Member member : members) {
            portal.addUser(member.user());
            List<Roster.File> own = new ArrayList<>();
            for (int i = 0; i < FILES_PER_PERSON; i++) {
                own.add(newFile());
            }
            files.put(member.user().id(), own);
        }
        Instant now = clock.instant();
        this.nextBackground = now.plus(gap());
        this.nextScenario = now.plus(settings.firstScenarioAfter());
        this.nextActor = pickActor(now);
    }

    /** Produces everything due up to the clock's present. */
    public synchronized void tick() {
        Instant now = clock.instant();
        if (!settings.scenarioEvery().isZero()) {
            while (!nextScenario.isAfter(now)) {
                plan(Scenario.values()[cycle++ % Scenario.values().length], nextScenario);
                nextScenario = nextScenario.plus(settings.scenarioEvery());
            }
        }
        if (!settings.backgroundGap().isZero()) {
            while (!nextBackground.isAfter(now)) {
                ordinaryWork(nextBackground);
                nextBackground = nextBackground.plus(gap());
            }
        }
        while (!planned.isEmpty() && !planned.peek().at().isAfter(now)) {
            Planned p = planned.poll();
            write(p.at(), p.userId(), p.actionId(), p.file(), p.context());
        }
    }

    /** Starts a scenario now, outside the cycle; null when no ordinary account is active to act it out. */
    public synchronized ScenarioRun start(Scenario scenario) {
        return plan(scenario, clock.instant());
    }

    /** Every scenario planned so far, oldest first. */
    public synchronized List<ScenarioRun> history() {
        return List.copyOf(history);
    }

    /** Ticks on a daemon thread until {@link #close()}: the live demo. */
    public synchronized ActivitySimulator startTicking(Duration every) {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "activity-simulator");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    tick();
                } catch (RuntimeException e) {
                    // One bad tick must not end the simulation.
                    log.error("simulator tick failed", e);
                }
            }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    // ---- scenarios ------------------------------------------------------------------------------

    private ScenarioRun plan(Scenario scenario, Instant start) {
        Roster.Member actor = nextActor != null && portal.isActive(nextActor.user().id()) ? nextActor
                : pickActor(start);
        if (actor == null) {
            log.warn("demo scenario={} skipped: no ordinary account is active", scenario.label());
            return null;
        }
        String userId = actor.user().id();
        List<Roster.File> own = files.get(userId);
        Instant end = switch (scenario) {
            case BURST -> burst(userId, own, start, actor.room());
            case MASS_DELETION -> massDeletion(userId, own, start, actor.room());
            case DOWNLOADER -> downloader(userId, start, actor.room());
            case RE_SAVER -> reSaver(userId, own, start, actor.room());
        };
        busyUntil.put(userId, end.plus(QUIET));
        nextActor = pickActor(start);
        long distinct = planned.stream().filter(p -> p.userId().equals(userId) && !p.at().isBefore(start))
                .map(p -> p.file().id()).distinct().count();
        ScenarioRun run = new ScenarioRun(scenario, userId, actor.user().displayName(), start, end, (int) distinct);
        history.add(run);
        log.info("demo scenario={} user={} files={} from={} to={}", scenario.label(), run.userName(), run.files(),
                start, end);
        return run;
    }

    /**
     * Overwrites many files one after another, renaming some to *.locked as encryption malware does.
     * Someone whose own files ran short (after a mass deletion) hits the shared rooms instead.
     */
    private Instant burst(String userId, List<Roster.File> own, Instant start, String room) {
        int count = 25 + random.nextInt(16);
        List<Roster.File> pool = own.size() >= count ? own
                : files.values().stream().flatMap(List::stream).toList();
        Duration span = Duration.ofSeconds(90 + random.nextInt(31));
        List<Roster.File> victims = pick(pool, count);
        for (int i = 0; i < count; i++) {
            Instant at = start.plusMillis(span.toMillis() * i / count);
            Roster.File file = victims.get(i);
            plan(at, userId, Actions.FILE_UPLOADED_WITH_OVERWRITING, file, room);
            if (random.nextInt(3) == 0) {
                Roster.File locked = new Roster.File(file.id(), file.title() + ".locked");
                files.values().forEach(list -> list.replaceAll(f -> f.equals(file) ? locked : f));
                plan(at.plusSeconds(1), userId, Actions.FILE_RENAMED, locked, room);
            }
        }
        return start.plus(span);
    }

    private Instant massDeletion(String userId, List<Roster.File> own, Instant start, String room) {
        int count = Math.min(own.size(), 12 + random.nextInt(9));
        Duration span = Duration.ofSeconds(40 + random.nextInt(31));
        List<Roster.File> victims = pick(own, count);
        own.removeAll(victims);
        for (int i = 0; i < count; i++) {
            plan(start.plusMillis(span.toMillis() * i / count), userId, Actions.FILE_MOVED_TO_TRASH, victims.get(i),
                    room);
        }
        return start.plus(span);
    }

    /** Downloads from everyone's files, as a departing employee emptying the shared rooms would. */
    private Instant downloader(String userId, Instant start, String room) {
        List<Roster.File> everything = files.values().stream().flatMap(List::stream).toList();
        int count = 55 + random.nextInt(16);
        Duration span = Duration.ofSeconds(150 + random.nextInt(51));
        List<Roster.File> loot = pick(everything, count);
        for (int i = 0; i < count; i++) {
            plan(start.plusMillis(span.toMillis() * i / count), userId, Actions.FILE_DOWNLOADED, loot.get(i), room);
        }
        return start.plus(span);
    }

    /** Many saves of the same three documents: a long editing session, not an attack. */
    private Instant reSaver(String userId, List<Roster.File> own, Instant start, String room) {
        List<Roster.File> working = pick(own, 3);
        Duration span = Duration.ofSeconds(200 + random.nextInt(41));
        int saves = 40;
        for (int i = 0; i < saves; i++) {
            plan(start.plusMillis(span.toMillis() * i / saves), userId, Actions.USER_FILE_UPDATED,
                    working.get(random.nextInt(working.size())), room);
        }
        return start.plus(span);
    }

    private void plan(Instant at, String userId, int actionId, Roster.File file, String context) {
        planned.add(new Planned(at, seq++, userId, actionId, file, context));
    }

    /** An ordinary account not kept quiet for a scenario; owner and admin never act one out. */
    private Roster.Member pickActor(Instant at) {
        List<Roster.Member> candidates = members.stream()
                .filter(m -> !m.user().owner() && !m.user().admin())
                .filter(m -> m != nextActor && portal.isActive(m.user().id()) && !busy(m, at))
                .toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private boolean busy(Roster.Member member, Instant at) {
        Instant until = busyUntil.get(member.user().id());
        return until != null && at.isBefore(until);
    }

    // ---- ordinary work --------------------------------------------------------------------------

    /** One action of one person: mostly saves and reads, some downloads, uploads, renames, rarely the trash. */
    private void ordinaryWork(Instant at) {
        List<Roster.Member> working = members.stream()
                .filter(m -> m != nextActor && !busy(m, at) && portal.isActive(m.user().id()))
                .toList();
        if (working.isEmpty()) {
            return;
        }
        Roster.Member member = working.get(random.nextInt(working.size()));
        String userId = member.user().id();
        List<Roster.File> own = files.get(userId);
        int roll = random.nextInt(100);
        if (roll < 35 || (roll >= 95 && own.size() <= MIN_FILES)) {
            write(at, userId, Actions.USER_FILE_UPDATED, any(own), member.room());
        } else if (roll < 55) {
            write(at, userId, Actions.FILE_READ, any(own), member.room());
        } else if (roll < 72) {
            List<Roster.File> shared = files.get(members.get(random.nextInt(members.size())).user().id());
            write(at, userId, Actions.FILE_DOWNLOADED, any(shared), member.room());
        } else if (roll < 82) {
            Roster.File uploaded = newFile();
            own.add(uploaded);
            write(at, userId, Actions.FILE_UPLOADED, uploaded, member.room());
        } else if (roll < 95) {
            int index = random.nextInt(own.size());
            Roster.File file = own.get(index);
            Roster.File renamed = new Roster.File(file.id(), Roster.renamed(file.title(), random));
            own.set(index, renamed);
            write(at, userId, Actions.FILE_RENAMED, renamed, member.room());
        } else {
            Roster.File trashed = own.remove(random.nextInt(own.size()));
            write(at, userId, Actions.FILE_MOVED_TO_TRASH, trashed, member.room());
        }
    }

    /**
     * Writes a row dated {@code at} that appears a little later, now and then much later, as DocSpace's
     * asynchronous audit writer does (§9.2). Nothing is written for an account that is not active.
     */
    private void write(Instant at, String userId, int actionId, Roster.File file, String context) {
        if (!portal.isActive(userId)) {
            return;
        }
        long maxMillis = settings.maxLateness().toMillis();
        long lateness = random.nextInt(100) < 85 ? Math.min(maxMillis, 1_000 + random.nextLong(3_000))
                : random.nextLong(Math.min(5_000, maxMillis), maxMillis + 1);
        portal.write(new SimulatedPortal.Write(at, at.plusMillis(lateness), userId, actionId, file.id(), file.title(),
                context));
    }

    private Roster.File newFile() {
        return new Roster.File(Long.toString(nextFileId++), Roster.title(random));
    }

    private Roster.File any(List<Roster.File> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** {@code count} distinct items, in random order. */
    private <T> List<T> pick(List<T> from, int count) {
        List<T> copy = new ArrayList<>(from);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(copy.size() - i);
            T swap = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, swap);
        }
        return new ArrayList<>(copy.subList(0, count));
    }

    private Duration gap() {
        if (settings.backgroundGap().isZero()) {
            return Duration.ofDays(365);
        }
        double millis = -Math.log(1 - random.nextDouble()) * settings.backgroundGap().toMillis();
        return Duration.ofMillis(Math.max(1, (long) millis));
    }
}
