package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.facts.ActivityLog;
import io.docspaceguard.facts.FileActivity;
import io.docspaceguard.facts.FileChange;
import io.docspaceguard.facts.FileDeletion;
import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FindingMergerTest {
    @Test
    void overlapping_findings_of_one_rule_and_user_become_one_episode_whatever_their_order() {
        Finding later = finding("bulk", "anna", 200, 900, Set.of("b", "c"), Set.of(2L, 3L));
        Finding first = finding("bulk", "anna", 100, 300, Set.of("a", "b"), Set.of(1L, 2L));

        List<Finding> merged = FindingMerger.merge(List.of(later, first));

        assertEquals(1, merged.size());
        assertEquals(Set.of("a", "b", "c"), merged.get(0).fileIds());
        assertEquals(Set.of(1L, 2L, 3L), merged.get(0).eventIds());
        assertEquals(100, merged.get(0).windowStart());
        assertEquals(900, merged.get(0).windowEnd());
    }

    @Test
    void separate_windows_users_and_rules_stay_apart() {
        List<Finding> merged = FindingMerger.merge(List.of(
                finding("bulk", "anna", 100, 200, Set.of("a"), Set.of(1L)),
                finding("bulk", "anna", 201, 300, Set.of("b"), Set.of(2L)),
                finding("bulk", "mark", 100, 200, Set.of("a"), Set.of(3L)),
                finding("deletion", "anna", 100, 200, Set.of("a"), Set.of(1L))));

        assertEquals(4, merged.size());
    }

    @Test
    void folding_findings_as_they_arrive_gives_the_episodes_of_merging_them_at_the_end() {
        List<Finding> arriving = List.of(
                finding("bulk", "anna", 100, 300, Set.of("a", "b"), Set.of(1L, 2L)),
                finding("bulk", "mark", 150, 250, Set.of("x"), Set.of(9L)),
                finding("bulk", "anna", 200, 900, Set.of("b", "c"), Set.of(2L, 3L)),
                finding("bulk", "anna", 901, 950, Set.of("d"), Set.of(4L)));
        FindingMerger.Folder folder = new FindingMerger.Folder();
        arriving.forEach(folder::add);

        List<Finding> folded = FindingMerger.merge(folder.drain());

        assertEquals(FindingMerger.merge(arriving), folded);
        assertEquals(3, folded.size());
        assertEquals(List.of(), folder.drain(), "a drained folder is empty");
    }

    @Test
    void a_finding_that_arrives_late_with_an_earlier_window_widens_its_episode() {
        FindingMerger.Folder folder = new FindingMerger.Folder();
        folder.add(finding("bulk", "anna", 200, 900, Set.of("b", "c"), Set.of(2L, 3L)));
        folder.add(finding("bulk", "anna", 100, 300, Set.of("a", "b"), Set.of(1L, 2L)));

        List<Finding> folded = folder.drain();

        assertEquals(1, folded.size());
        assertEquals(100, folded.get(0).windowStart());
        assertEquals(900, folded.get(0).windowEnd());
        assertEquals(Set.of("a", "b", "c"), folded.get(0).fileIds());
    }

    /**
     * A burst over a limit fires on every activity with the window's snapshot; the folder adds what each snapshot
     * numbers after the last one. Random late activities, out-of-turn removals, a second window of the same rule and
     * user, gaps that end an episode, and findings collected several at a time in any order must give the same episodes
     * as folding full copies of every window.
     */
    @Test
    void folding_window_snapshots_by_what_they_add_gives_the_episodes_of_folding_full_copies() {
        SplittableRandom random = new SplittableRandom(11);
        List<ActivityLog> logs = List.of(new ActivityLog(), new ActivityLog());
        List<List<FileActivity>> live = List.of(new ArrayList<>(), new ArrayList<>());
        FindingMerger.Folder bySnapshot = new FindingMerger.Folder();
        FindingMerger.Folder byCopy = new FindingMerger.Folder();
        List<ActivityLog.Snapshot> taken = new ArrayList<>();
        long clock = 0;
        long event = 0;
        int fired = 0;
        for (int step = 0; step < 5_000; step++) {
            int which = random.nextInt(10) == 0 ? 1 : 0;
            ActivityLog log = logs.get(which);
            List<FileActivity> window = live.get(which);
            clock += random.nextInt(100) == 0 ? 50_000 : random.nextInt(20);
            long ts = random.nextInt(30) == 0 ? clock - random.nextInt(40) : clock;
            FileActivity next = new FileChange(++event, ts, "anna", "file-" + random.nextInt(3_000));
            log.append(next);
            window.add(next);
            while (window.size() > 40 || (!window.isEmpty() && window.get(0).ts() + 1_000 <= clock)) {
                log.remove(window.remove(0));
            }
            if (window.size() > 3 && random.nextInt(25) == 0) {
                log.remove(window.remove(1 + random.nextInt(window.size() - 1)));
            }
            if (window.size() > 10) {
                taken.add(log.snapshot());
                fired++;
            }
            // Findings are collected after a firing, several at a time in no particular order.
            if (random.nextInt(3) == 0) {
                Collections.shuffle(taken, new Random(random.nextLong()));
                for (ActivityLog.Snapshot snapshot : taken) {
                    bySnapshot.add(Finding.of("bulk", "anna", "high", 10, snapshot, false));
                    byCopy.add(Finding.of("bulk", "anna", "high", 10, List.copyOf(snapshot), false));
                }
                taken.clear();
            }
        }

        List<Finding> folded = FindingMerger.merge(bySnapshot.drain());

        assertEquals(FindingMerger.merge(byCopy.drain()), folded);
        assertTrue(fired > 1_000 && folded.size() > 5, fired + " firings, " + folded.size() + " episodes");
    }

    @Test
    void a_finding_built_from_a_window_equals_one_built_from_a_copy_of_it() {
        ActivityLog log = new ActivityLog();
        log.append(new FileChange(1, 100, "anna", "a"));
        log.append(new FileDeletion(2, 200, "anna", "b"));
        log.append(new FileChange(3, 150, "anna", "a"));

        Finding fromWindow = Finding.of("bulk", "anna", "high", 1, log.snapshot(), false);
        Finding fromCopy = Finding.of("bulk", "anna", "high", 1, List.copyOf(log.snapshot()), false);

        assertEquals(fromCopy, fromWindow);
        assertEquals(fromCopy.hashCode(), fromWindow.hashCode());
        assertEquals(100, fromWindow.windowStart());
        assertEquals(200, fromWindow.windowEnd());
        assertEquals(Set.of("a", "b"), fromWindow.fileIds());
        assertEquals(Set.of(1L, 2L, 3L), fromWindow.eventIds());
        assertEquals(Map.of("change", Set.of("a"), "deletion", Set.of("b")), fromWindow.itemsByKind());
    }

    private static Finding finding(String rule, String user, long start, long end, Set<String> files, Set<Long> events) {
        return new Finding(rule, user, "high", start, end, files, events, false);
    }
}
