package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.facts.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentReasonTest {
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");

    @Test
    void a_burst_reads_as_count_against_limit_in_window_with_the_first_names() {
        Map<Long, AuditEntry> events = new HashMap<>();
        Set<String> files = new HashSet<>();
        for (long n = 1; n <= 8; n++) {
            events.put(n, entry(n, 5034, "Users [Anna Keller]. File Updated: q" + n + ".xlsx"));
            files.add("f" + n);
        }
        Finding finding = new Finding("bulk-file-changes", "u", "high", 0, 1, files, events.keySet(), false, 7,
                Map.of("change", files), Duration.ofMinutes(10).toMillis());

        assertEquals("8 distinct files changed within 10 min (limit 7): q1.xlsx, q2.xlsx, q3.xlsx, q4.xlsx, q5.xlsx "
                + "and 3 more", IncidentReason.of(finding, events));
    }

    @Test
    void emptying_the_trash_reads_as_what_was_deleted_before_it_and_containers_have_no_known_size() {
        Map<Long, AuditEntry> events = Map.of(
                1L, entry(1, 5026, "Folders [Finance 2024]. Moved To Trash"),
                2L, entry(2, 5017, "Files [contract.pdf]. Moved To Trash Folder"),
                3L, entry(3, 5061, "Trash emptied"));
        Finding finding = new Finding("trash-emptied-after-deletions", "u", "critical", 0, 1,
                Set.of("d1", "f1", "trash"), events.keySet(), false, 3,
                Map.of("folder-removal", Set.of("d1"), "deletion", Set.of("f1"), "trash-emptied", Set.of("trash")),
                Duration.ofHours(1).toMillis());

        String why = IncidentReason.of(finding, events);

        assertTrue(why.startsWith("trash emptied after 1 file moved to trash or deleted and 1 folder moved to trash "
                + "or deleted within 1 h (limit 3): Finance 2024, contract.pdf"), why);
        assertTrue(why.endsWith("; size unknown"), why);
    }

    @Test
    void names_come_from_brackets_or_after_the_last_colon_never_from_the_user_bracket() {
        assertEquals("q2.xlsx", IncidentReason.nameIn("Users [Anna Keller]. File Updated: q2.xlsx"));
        assertEquals("a.docx", IncidentReason.nameIn("Files [a.docx]. Moved From Folder \"A\" To Folder: \"B\""));
        assertEquals("report.docx", IncidentReason.nameIn("File Uploaded: report.docx"));
        assertEquals(null, IncidentReason.nameIn("Trash emptied"));
        assertEquals("1 h 30 min", IncidentReason.human(Duration.ofMinutes(90)));
        assertEquals("45 s", IncidentReason.human(Duration.ofSeconds(45)));
    }

    @Test
    void a_renamed_file_is_named_once_by_the_name_it_was_given() {
        Map<Long, AuditEntry> events = Map.of(
                1L, new AuditEntry(1, T0, "u", "User", 5034, "Users [U]. File Updated: q3.xlsx", List.of(1),
                        List.of("f1"), "{}"),
                2L, new AuditEntry(2, T0.plusSeconds(1), "u", "User", 5001, "File Renamed: q3.xlsx.locked.xlsx",
                        List.of(1), List.of("f1"), "{}"));
        Finding finding = new Finding("r", "u", "high", 0, 1, Set.of("f1"), Set.of(1L, 2L), false, 0,
                Map.of("change", Set.of("f1")), 0);

        assertEquals("1 file changed: q3.xlsx.locked.xlsx", IncidentReason.of(finding, events));
    }

    @Test
    void a_reason_never_outgrows_its_column() {
        Map<Long, AuditEntry> events = Map.of(1L, entry(1, 5011, "File Uploaded: " + "x".repeat(5000)));
        Finding finding = new Finding("r", "u", "high", 0, 1, Set.of("f"), Set.of(1L), false, 0,
                Map.of("change", Set.of("f")), 0);

        assertTrue(IncidentReason.of(finding, events).length() <= IncidentReason.MAX_LENGTH);
    }

    private static AuditEntry entry(long id, int action, String text) {
        return new AuditEntry(id, T0.plusSeconds(id), "u", "User", action, text, List.of(1), List.of("t" + id), "{}");
    }
}
