package io.docspaceguard.docspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where an audit event came from and where it happened, as DocSpace's geo-IP and User-Agent parsing put it into
 * the event (docspace-api.md §3): read from the stored raw JSON for the reviewer; rules never see it. Fields
 * DocSpace left out or empty are null.
 *
 * @param context DocSpace's location label, e.g. {@code Rooms: Finance} or {@code My documents}
 */
public record EventOrigin(String ip, String country, String city, String browser, String platform, String context) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventOrigin UNKNOWN = new EventOrigin(null, null, null, null, null, null);

    /** The origin in {@code raw}; all null when it is not JSON (it always is when stored by the service). */
    public static EventOrigin of(String raw) {
        try {
            JsonNode e = JSON.readTree(raw);
            return e == null ? UNKNOWN : new EventOrigin(text(e, "ip"), text(e, "country"), text(e, "city"),
                    text(e, "browser"), text(e, "platform"), text(e, "context"));
        } catch (JsonProcessingException e) {
            return UNKNOWN;
        }
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
