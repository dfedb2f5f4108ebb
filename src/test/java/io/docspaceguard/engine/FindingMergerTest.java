package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.docspaceguard.facts.Finding;
import java.util.List;
import java.util.Set;
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

    private static Finding finding(String rule, String user, long start, long end, Set<String> files, Set<Long> events) {
        return new Finding(rule, user, "high", start, end, files, events, false);
    }
}
