package io.docspaceguard.docspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditExportTest {
    static final String FIRST = "{\"id\":101,\"date\":\"2025-05-14T10:00:00.0000000+02:00\",\"user\":\"Anna Berg\","
            + "\"userId\":\"7B1C0E5A-0000-4000-8000-000000000001\",\"action\":\"File Updated: a.docx\","
            + "\"actionId\":5002,\"target\":[\"a\"],\"entries\":[1]}";
    static final String SECOND = "{\"id\":102,\"date\":\"2025-05-14T08:00:10Z\",\"userId\":\"anna\","
            + "\"actionId\":5009,\"target\":[4711],\"entries\":[1]}";
    static final String NO_DATE = "{\"id\":103,\"userId\":\"anna\",\"actionId\":5002}";
    static final String NO_OFFSET = "{\"id\":104,\"date\":\"2025-05-14T10:00:00\",\"userId\":\"anna\",\"actionId\":5002}";

    @Test
    void a_saved_docspace_list_answer_is_read_from_its_envelope() {
        AuditPage page = AuditExport.parse("{\"response\":[" + FIRST + "," + SECOND + "],\"count\":2,"
                + "\"links\":[{\"href\":\"https://acme.onlyoffice.com/api/2.0/security/audit/events/filter\"}],"
                + "\"status\":0,\"statusCode\":200}");

        assertEquals(2, page.events().size());
        assertEquals(List.of(), page.rejected());
        AuditEntry first = page.events().get(0);
        assertEquals(101, first.id());
        assertEquals(Instant.parse("2025-05-14T08:00:00Z"), first.at());
        assertEquals("7b1c0e5a-0000-4000-8000-000000000001", first.userId());
        assertEquals("Anna Berg", first.userName());
        assertEquals(List.of("a"), first.target());
        assertEquals(FIRST, first.raw());
        assertEquals(List.of("4711"), page.events().get(1).target());
    }

    @Test
    void a_bare_array_of_events_is_read_like_an_envelope() {
        AuditPage page = AuditExport.parse("  [\n" + FIRST + ",\n" + SECOND + "\n]\n");

        assertEquals(List.of(101L, 102L), page.events().stream().map(AuditEntry::id).toList());
        assertEquals(2, page.received());
        assertEquals(FIRST, page.events().get(0).raw());
    }

    @Test
    void json_lines_are_read_one_event_a_line_skipping_blank_lines() {
        AuditPage page = AuditExport.parse(FIRST + "\n\n" + SECOND + "\r\n");

        assertEquals(List.of(101L, 102L), page.events().stream().map(AuditEntry::id).toList());
        assertEquals(2, page.received());
        assertEquals(List.of(), page.rejected());
    }

    @Test
    void malformed_items_of_an_envelope_are_kept_as_rejected_with_the_reason() {
        AuditPage page = AuditExport.parse("{\"response\":[" + FIRST + "," + NO_DATE + "," + NO_OFFSET + ",42]}");

        assertEquals(1, page.events().size());
        assertEquals(4, page.received());
        List<RejectedEvent> rejected = page.rejected();
        assertEquals(3, rejected.size());
        assertTrue(rejected.get(0).reason().contains("missing date"), rejected.get(0).reason());
        assertEquals(NO_DATE, rejected.get(0).raw());
        assertTrue(rejected.get(1).reason().contains("needs an offset"), rejected.get(1).reason());
        assertTrue(rejected.get(2).reason().contains("not a JSON object"), rejected.get(2).reason());
    }

    @Test
    void malformed_json_lines_are_rejected_with_their_line_number_and_the_rest_is_read() {
        AuditPage page = AuditExport.parse(FIRST + "\n{\"id\": 7, \"date\": \n" + NO_DATE + "\n" + SECOND);

        assertEquals(List.of(101L, 102L), page.events().stream().map(AuditEntry::id).toList());
        assertEquals(4, page.received());
        assertEquals(2, page.rejected().size());
        RejectedEvent notJson = page.rejected().get(0);
        assertTrue(notJson.reason().startsWith("line 2: not JSON"), notJson.reason());
        assertEquals("{\"id\": 7, \"date\":", notJson.raw());
        RejectedEvent noDate = page.rejected().get(1);
        assertTrue(noDate.reason().startsWith("line 3: ") && noDate.reason().contains("missing date"), noDate.reason());
        assertEquals(NO_DATE, noDate.raw());
    }

    @Test
    void an_empty_export_has_no_events_and_nothing_rejected() {
        for (String empty : List.of("", "  \n\n", "[]", "{\"response\":[]}")) {
            AuditPage page = AuditExport.parse(empty);

            assertEquals(List.of(), page.events(), empty);
            assertEquals(List.of(), page.rejected(), empty);
            assertEquals(0, page.received(), empty);
        }
    }
}
