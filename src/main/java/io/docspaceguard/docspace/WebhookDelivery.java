package io.docspaceguard.docspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One webhook delivery as DocSpace sends it (docspace-api.md §9.4), validated: the parts the service uses.
 *
 * @param id      the delivery's {@code event.id}; DocSpace repeats it on every retry of the delivery
 * @param at      {@code event.createOn}, when DocSpace made the delivery (whole seconds, UTC)
 * @param userId  {@code event.createBy}, the acting user, lower-case
 * @param trigger {@code event.trigger}, e.g. {@code file.updated}
 * @param itemId  {@code payload.id}, the file or folder acted on; null when the payload has none
 * @param title   {@code payload.title}; null when the payload has none
 * @param raw     the body exactly as received
 */
public record WebhookDelivery(long id, Instant at, String userId, String trigger, String itemId, String title,
                              String raw) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A body that is not a delivery DocSpace would send; the message says what is wrong, for the 400. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }

    public static WebhookDelivery parse(String body) throws MalformedException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("event").isObject()) {
            throw new MalformedException("the body must be a JSON object with an \"event\" object");
        }
        JsonNode event = root.path("event");
        JsonNode id = event.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new MalformedException("event.id must be a positive whole number");
        }
        JsonNode trigger = event.path("trigger");
        if (!trigger.isTextual() || trigger.asText().isBlank()) {
            throw new MalformedException("event.trigger must be a trigger name such as file.updated");
        }
        String userId = event.path("createBy").asText("").toLowerCase(Locale.ROOT);
        if (!Person.isUserId(userId)) {
            throw new MalformedException("event.createBy must be a DocSpace user id");
        }
        JsonNode payload = root.path("payload");
        return new WebhookDelivery(id.asLong(), time(event.path("createOn")), userId, trigger.asText().strip(),
                itemId(payload.path("id")), text(payload.path("title")), body);
    }

    /** DocSpace writes UTC with a Z; a time without an offset is read as UTC, which is what DocSpace means. */
    private static Instant time(JsonNode createOn) throws MalformedException {
        if (createOn.isTextual()) {
            try {
                return OffsetDateTime.parse(createOn.asText()).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(createOn.asText()).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException ignored) {
                    // reported below
                }
            }
        }
        throw new MalformedException("event.createOn must be a date such as 2025-05-14T08:41:19Z");
    }

    /** File and folder ids are numbers, or strings for third-party storage. */
    private static String itemId(JsonNode id) {
        if (id.isIntegralNumber() || (id.isTextual() && !id.asText().isBlank())) {
            return text(id);
        }
        return null;
    }

    /** A NUL, which no database column holds and no name needs, becomes U+FFFD, as for audit events. */
    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText().replace('\0', '\uFFFD') : null;
    }

    /** The raw body may hold whatever a user typed into a title; it is not shown here. */
    @Override
    public String toString() {
        return "WebhookDelivery[id=" + id + ", at=" + at + ", userId=" + userId + ", trigger=" + trigger
                + ", itemId=" + itemId + "]";
    }
}
