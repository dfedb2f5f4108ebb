package io.docspaceguard.docspace;

import java.time.Instant;

/** Webhook delivery bodies in DocSpace's shape (docspace-api.md §9.4), for tests. */
public final class Deliveries {
    private Deliveries() {
    }

    /** A delivery of {@code trigger} by {@code userId} about the item {@code itemId}, titled after it. */
    public static String body(long id, Instant at, String userId, String trigger, String itemId) {
        return """
                {"event":{"id":%d,"createOn":"%s","createBy":"%s","trigger":"%s"},\
                "payload":{"id":%s,"title":"document-%s.docx","rootFolderType":5,"version":2},\
                "webhook":{"id":3,"name":"docspace-guard","url":"https://guard.example.com/api/webhooks/docspace"}}"""
                .formatted(id, at, userId, trigger, itemId.matches("\\d+") ? itemId : "\"" + itemId + "\"", itemId);
    }

    public static WebhookDelivery parse(String body) {
        try {
            return WebhookDelivery.parse(body);
        } catch (WebhookDelivery.MalformedException e) {
            throw new AssertionError(e);
        }
    }
}
