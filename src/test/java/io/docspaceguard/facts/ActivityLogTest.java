package io.docspaceguard.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActivityLogTest {
    private long nextEvent = 1;

    @Test
    void a_snapshot_keeps_what_it_held_while_the_log_grows_moves_and_forgets() {
        ActivityLog log = new ActivityLog();
        List<FileActivity> appended = append(log, 40, 1_000);
        for (int i = 0; i < 10; i++) {
            log.remove(appended.get(i));
        }
        ActivityLog.Snapshot taken = log.snapshot();
        List<FileActivity> expected = List.copyOf(appended.subList(10, 40));

        // Far past the array the snapshot points into: the log grows, compacts and forgets every activity it held.
        List<FileActivity> later = append(log, 500, 2_000);
        for (FileActivity gone : appended.subList(10, 40)) {
            assertTrue(log.remove(gone));
        }
        for (FileActivity gone : later.subList(0, 450)) {
            assertTrue(log.remove(gone));
        }
        log.clear();

        assertEquals(expected, taken);
        assertEquals(1_010, taken.earliest());
        assertEquals(1_039, taken.latest());
        assertEquals(0, log.size());
        assertEquals(List.of(), log.snapshot());
    }

    @Test
    void the_activities_numbered_after_an_earlier_snapshot_are_exactly_the_new_ones() {
        ActivityLog log = new ActivityLog();
        List<FileActivity> first = append(log, 5, 1_000);
        ActivityLog.Snapshot before = log.snapshot();
        List<FileActivity> added = append(log, 3, 2_000);
        log.remove(first.get(0));
        log.remove(first.get(1));

        ActivityLog.Snapshot after = log.snapshot();

        assertEquals(added, after.fromSeq(before.endSeq()));
        assertEquals(List.copyOf(first.subList(2, 5)), after.subList(0, 3));
    }

    @Test
    void no_sequence_number_is_given_twice_however_the_log_reuses_its_arrays() {
        // Whatever the moment of the second snapshot: right after a compaction, or long after.
        for (int rounds = 0; rounds < 30; rounds++) {
            ActivityLog log = new ActivityLog();
            List<FileActivity> first = append(log, 16, 1_000);
            first.subList(0, 8).forEach(log::remove);
            ActivityLog.Snapshot before = log.snapshot();
            // The next activity moves the log to a new array with eight of these; once they leave, the log compacts
            // that array in place, again and again.
            List<FileActivity> live = new ArrayList<>(append(log, 1, 2_000));
            first.subList(8, 16).forEach(log::remove);
            for (int i = 0; i < rounds; i++) {
                live.addAll(append(log, 2, 3_000 + 2L * i));
                log.remove(live.remove(0));
                log.remove(live.remove(0));
            }

            ActivityLog.Snapshot after = log.snapshot();

            assertEquals(live, after);
            assertEquals(after, after.fromSeq(before.endSeq()), "after " + rounds + " rounds, every activity came "
                    + "after the earlier snapshot");
        }
    }

    @Test
    void an_activity_leaving_out_of_turn_makes_the_rest_count_as_new() {
        ActivityLog log = new ActivityLog();
        List<FileActivity> first = append(log, 5, 1_000);
        ActivityLog.Snapshot before = log.snapshot();

        assertTrue(log.remove(first.get(2)));
        ActivityLog.Snapshot after = log.snapshot();

        assertEquals(first, before, "the earlier snapshot is unchanged");
        assertEquals(List.of(first.get(0), first.get(1), first.get(3), first.get(4)), after);
        assertEquals(after, after.fromSeq(before.endSeq()), "nothing can pass for what the earlier one held");
        assertFalse(log.remove(first.get(2)), "it is gone");
    }

    @Test
    void a_late_activity_gives_the_snapshot_its_true_time_span_until_it_leaves() {
        ActivityLog log = new ActivityLog();
        FileActivity early = change(1_000);
        FileActivity later = change(5_000);
        FileActivity late = change(3_000);
        log.append(early);
        log.append(later);
        log.append(late);
        ActivityLog.Snapshot all = log.snapshot();
        assertEquals(1_000, all.earliest());
        assertEquals(5_000, all.latest());

        log.remove(early);
        log.remove(later);
        log.append(change(4_000));
        ActivityLog.Snapshot rest = log.snapshot();

        assertEquals(3_000, rest.earliest());
        assertEquals(4_000, rest.latest());
    }

    /**
     * Random appends (some late), removals (mostly the oldest, some out of turn) and clears against a plain deque:
     * every snapshot keeps its content to the end, and the activities a snapshot numbers after the one before
     * include every activity the earlier one did not hold.
     */
    @Test
    void snapshots_agree_with_a_plain_deque_under_random_use() {
        SplittableRandom random = new SplittableRandom(7);
        ActivityLog log = new ActivityLog();
        ArrayDeque<FileActivity> model = new ArrayDeque<>();
        List<ActivityLog.Snapshot> snapshots = new ArrayList<>();
        List<List<FileActivity>> expected = new ArrayList<>();
        long clock = 0;
        for (int step = 0; step < 20_000; step++) {
            int dice = random.nextInt(100);
            if (dice < 55) {
                clock += random.nextInt(10);
                FileActivity next = change(random.nextInt(20) == 0 ? clock - random.nextInt(50) : clock);
                log.append(next);
                model.addLast(next);
            } else if (dice < 85 && !model.isEmpty()) {
                assertTrue(log.remove(model.pollFirst()));
            } else if (dice < 88 && model.size() > 2) {
                FileActivity outOfTurn = new ArrayList<>(model).get(1 + random.nextInt(model.size() - 1));
                model.remove(outOfTurn);
                assertTrue(log.remove(outOfTurn));
            } else if (dice < 89) {
                log.clear();
                model.clear();
            } else if (step / 2_000 % 2 == 0 || random.nextInt(20) == 0) {
                // Snapshots are often taken in some stretches and seldom in others, where the log reuses its array.
                ActivityLog.Snapshot taken = log.snapshot();
                assertEquals(List.copyOf(model), taken);
                assertEquals(model.stream().mapToLong(FileActivity::ts).min().orElse(Long.MAX_VALUE), taken.earliest());
                assertEquals(model.stream().mapToLong(FileActivity::ts).max().orElse(Long.MIN_VALUE), taken.latest());
                if (!snapshots.isEmpty()) {
                    ActivityLog.Snapshot previous = snapshots.get(snapshots.size() - 1);
                    Set<FileActivity> fresh = identitySet(taken);
                    fresh.removeAll(identitySet(previous));
                    assertTrue(identitySet(taken.fromSeq(previous.endSeq())).containsAll(fresh), "step " + step);
                }
                snapshots.add(taken);
                expected.add(List.copyOf(model));
            }
        }
        for (int i = 0; i < snapshots.size(); i++) {
            assertEquals(expected.get(i), snapshots.get(i), "snapshot " + i);
        }
        assertTrue(snapshots.size() > 500, snapshots.size() + " snapshots");
    }

    private List<FileActivity> append(ActivityLog log, int count, long firstTs) {
        List<FileActivity> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FileActivity activity = change(firstTs + i);
            log.append(activity);
            added.add(activity);
        }
        return added;
    }

    private FileActivity change(long ts) {
        long id = nextEvent++;
        return new FileChange(id, ts, "anna", "file-" + id);
    }

    private static Set<FileActivity> identitySet(List<FileActivity> activities) {
        Set<FileActivity> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(activities);
        return set;
    }
}
