package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.docspaceguard.MutableClock;
import io.docspaceguard.docspace.ContainerSize;
import io.docspaceguard.docspace.UnsupportedDocSpace;
import io.docspaceguard.docspace.DocSpaceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerSizesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-05-14T08:00:00Z"));
    private final CountingClient client = new CountingClient();
    private final ContainerSizes sizes = new ContainerSizes(client, clock);

    @Test
    void a_size_is_asked_once_and_kept_for_ten_minutes() {
        Map<String, Set<String>> folders = Map.of("folder-download", Set.of("1", "2"));

        sizes.lookups().of(folders);
        sizes.lookups().of(folders);
        clock.advance(ContainerSizes.CACHE_TIME.plusSeconds(1));
        sizes.lookups().of(folders);

        assertEquals(List.of("folder 1", "folder 1", "folder 2", "folder 2"), client.asked.stream().sorted().toList(),
                "twice each: once at first, once after the cache time, never in between");
    }

    @Test
    void one_evaluation_looks_up_at_most_its_budget_and_reports_the_rest_as_not_looked_up() {
        Set<String> many = new HashSet<>();
        for (int n = 0; n < ContainerSizes.MAX_LOOKUPS + 5; n++) {
            many.add("r" + n);
        }

        Map<String, ContainerSizes.Size> found = sizes.lookups().of(Map.of("room-removal", many));

        assertEquals(ContainerSizes.MAX_LOOKUPS, client.asked.size());
        assertEquals(5, found.values().stream().filter(s -> s instanceof ContainerSizes.Unknown u
                && u.why().startsWith("not looked up")).count());
    }

    @Test
    void a_failed_look_up_leaves_the_size_unknown_and_is_asked_again_next_time() {
        client.failWith = new DocSpaceException(0, "connection refused");
        ContainerSizes.Size first = sizes.lookups().of(Map.of("folder-download", Set.of("9"))).get("9");
        client.failWith = null;
        ContainerSizes.Size second = sizes.lookups().of(Map.of("folder-download", Set.of("9"))).get("9");

        assertInstanceOf(ContainerSizes.Unknown.class, first);
        assertEquals(new ContainerSizes.Known(9, 1), second);
        assertEquals(Duration.ofMinutes(10), ContainerSizes.CACHE_TIME);
    }

    /** Answers every folder with its id as the file count, and counts what it was asked. */
    private static final class CountingClient extends UnsupportedDocSpace {
        final List<String> asked = new ArrayList<>();
        DocSpaceException failWith;

        @Override
        public ContainerSize folderSize(String folderId) {
            asked.add("folder " + folderId);
            if (failWith != null) {
                throw failWith;
            }
            return new ContainerSize(Integer.parseInt(folderId), 1);
        }

        @Override
        public ContainerSize roomSize(String roomId) {
            asked.add("room " + roomId);
            return new ContainerSize(1, 0);
        }
    }
}
