package io.docspaceguard.docspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Webhook deliveries as DocSpace sends them (docspace-api.md §9.4), and the audit actions their triggers stand for. */
class WebhookDeliveryTest {
    static final String USER = "b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77";
    static final String SAMPLE = """
            {"event":{"id":1532,"createOn":"2025-05-14T08:41:19Z","createBy":"B7D1E0C2-54AF-4E19-8A3D-6C0F2E9B1D77",
                      "trigger":"file.trashed","triggerId":1024},
             "payload":{"id":48877,"title":"budget-2025.docx","parentId":57,"rootId":57,"rootFolderType":5,
                        "version":3,"contentLength":48213,"fileEntryType":2},
             "webhook":{"id":3,"name":"mass-change-monitor","url":"https://hooks.example.com/docspace",
                        "triggers":["file.trashed","file.updated"]}}
            """;

    @Test
    void the_sample_delivery_of_the_api_notes_is_read_with_its_user_time_trigger_and_item() throws Exception {
        WebhookDelivery delivery = WebhookDelivery.parse(SAMPLE);

        assertEquals(1532, delivery.id());
        assertEquals(Instant.parse("2025-05-14T08:41:19Z"), delivery.at());
        assertEquals(USER, delivery.userId());
        assertEquals("file.trashed", delivery.trigger());
        assertEquals("48877", delivery.itemId());
        assertEquals("budget-2025.docx", delivery.title());
        assertEquals(SAMPLE, delivery.raw());
    }

    @Test
    void a_time_without_an_offset_is_read_as_utc_and_a_third_party_item_id_as_text() throws Exception {
        WebhookDelivery delivery = WebhookDelivery.parse("""
                {"event":{"id":7,"createOn":"2025-05-14T08:41:19","createBy":"%s","trigger":"file.updated"},
                 "payload":{"id":"sbox-12|/docs/a.docx"}}""".formatted(USER));

        assertEquals(Instant.parse("2025-05-14T08:41:19Z"), delivery.at());
        assertEquals("sbox-12|/docs/a.docx", delivery.itemId());
        assertNull(delivery.title());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "{}", "{\"event\":[]}",
            "{\"event\":{\"createOn\":\"2025-05-14T08:41:19Z\",\"createBy\":\"" + USER + "\",\"trigger\":\"file.updated\"}}",
            "{\"event\":{\"id\":-4,\"createOn\":\"2025-05-14T08:41:19Z\",\"createBy\":\"" + USER + "\",\"trigger\":\"file.updated\"}}",
            "{\"event\":{\"id\":\"4\",\"createOn\":\"2025-05-14T08:41:19Z\",\"createBy\":\"" + USER + "\",\"trigger\":\"file.updated\"}}",
            "{\"event\":{\"id\":4,\"createOn\":\"yesterday\",\"createBy\":\"" + USER + "\",\"trigger\":\"file.updated\"}}",
            "{\"event\":{\"id\":4,\"createOn\":\"2025-05-14T08:41:19Z\",\"createBy\":\"anna\",\"trigger\":\"file.updated\"}}",
            "{\"event\":{\"id\":4,\"createOn\":\"2025-05-14T08:41:19Z\",\"createBy\":\"" + USER + "\"}}"})
    void a_body_that_is_not_a_delivery_is_refused_with_a_reason(String body) {
        WebhookDelivery.MalformedException e = assertThrows(WebhookDelivery.MalformedException.class,
                () -> WebhookDelivery.parse(body));
        assertFalse(e.getMessage().isBlank());
    }

    @ParameterizedTest
    @CsvSource({"file.created,5000,1", "file.uploaded,5011,1", "file.updated,5002,1", "file.trashed,5017,1",
            "file.deleted,5018,1", "file.downloaded,5009,1", "folder.trashed,5026,2", "folder.deleted,5027,2",
            "folder.downloaded,5057,2"})
    void a_trigger_the_rules_use_becomes_the_audit_action_it_stands_for(String trigger, int actionId, int entryType)
            throws Exception {
        WebhookDelivery delivery = WebhookDelivery.parse(SAMPLE.replace("file.trashed", trigger));

        AuditEntry entry = WebhookTriggers.toEntry(delivery, WebhookTriggers.of(trigger).orElseThrow());

        assertEquals(-1532, entry.id());
        assertEquals(actionId, entry.actionId());
        assertEquals(List.of(entryType), entry.entries());
        assertEquals(List.of("48877"), entry.target());
        assertEquals(USER, entry.userId());
        assertEquals(delivery.at(), entry.at());
        assertTrue(entry.action().endsWith(": budget-2025.docx"), entry.action());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user.created", "file.copied", "file.moved", "file.restored", "folder.created",
            "folder.updated", "room.created", "form.submit"})
    void a_trigger_no_rule_counts_has_no_counterpart(String trigger) {
        assertTrue(WebhookTriggers.of(trigger).isEmpty());
    }

    @Test
    void the_mask_to_register_is_the_sum_of_the_used_triggers_bits() {
        assertEquals(128L + 256 + 512 + 1024 + 2048 + 131072 + 262144 + (1L << 34) + (1L << 35),
                WebhookTriggers.mask());
        assertEquals(51_540_004_736L, WebhookTriggers.mask());
    }

    @Test
    void an_audit_row_reports_a_pushed_activity_for_the_same_user_and_item_an_action_of_its_trigger_close_in_time()
            throws Exception {
        AuditEntry pushed = WebhookTriggers.toEntry(WebhookDelivery.parse(SAMPLE.replace("file.trashed",
                "file.updated")), WebhookTriggers.of("file.updated").orElseThrow());
        Instant at = pushed.at();

        assertTrue(WebhookTriggers.covers(audit(at.plusSeconds(90), USER, 5034, "48877"), pushed));
        assertTrue(WebhookTriggers.covers(audit(at.minusSeconds(5), USER, 5006, "48877"), pushed), "a lock");
        assertFalse(WebhookTriggers.covers(audit(at.plusSeconds(180), USER, 5034, "48877"), pushed), "too late");
        assertFalse(WebhookTriggers.covers(audit(at, USER, 5034, "48878"), pushed), "another file");
        assertFalse(WebhookTriggers.covers(audit(at, "0a0a0a0a-0000-4000-8000-00000000000c", 5034, "48877"), pushed),
                "another user");
        assertFalse(WebhookTriggers.covers(audit(at, USER, 5009, "48877"), pushed), "a download is another action");
    }

    private static AuditEntry audit(Instant at, String user, int actionId, String fileId) {
        return new AuditEntry(9000, at, user, "Anna", actionId, "File Updated: x", List.of(1), List.of(fileId), "{}");
    }
}
