package io.docspaceguard.docspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an exported audit log: a saved DocSpace list answer ({@code {"response": [...]}}), a bare JSON
 * array of events, or JSON lines (one event per line); or the service's own export of them, an incident as
 * {@code GET /api/incidents/{id}} answers it (its {@code events}), whose events name DocSpace's {@code date}
 * and {@code user} {@code at} and {@code userName}. Events that cannot be used are returned as rejected with the
 * reason, never dropped.
 */
public final class AuditExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditExport() {
    }

    public static AuditPage parse(String content) {
        String text = content.strip();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                JsonNode tree = JSON.readTree(text);
                if (tree.isObject() && tree.has("response")) {
                    return DocSpaceJson.page(text, tree);
                }
                if (tree.isObject() && tree.path("events").isArray()) {
                    tree = tree.path("events");
                }
                if (tree.isArray()) {
                    String envelope = "{\"response\":" + JSON.writeValueAsString(asDocSpace(tree)) + "}";
                    return DocSpaceJson.page(envelope, JSON.readTree(envelope));
                }
            } catch (JsonProcessingException e) {
                // Not one JSON document: JSON lines, read below one line at a time.
            }
        }
        return jsonLines(text);
    }

    /** The service's events in DocSpace's field names; DocSpace's own events pass unchanged. */
    private static JsonNode asDocSpace(JsonNode node) {
        if (node.isArray()) {
            ArrayNode items = JSON.createArrayNode();
            node.forEach(item -> items.add(asDocSpace(item)));
            return items;
        }
        if (node instanceof ObjectNode item && !item.has("date") && item.has("at")) {
            ObjectNode renamed = item.deepCopy();
            renamed.set("date", renamed.remove("at"));
            if (!renamed.has("user") && renamed.has("userName")) {
                renamed.set("user", renamed.remove("userName"));
            }
            return renamed;
        }
        return node;
    }

    private static AuditPage jsonLines(String text) {
        List<AuditEntry> events = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        String[] lines = text.split("\\R");
        int received = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) {
                continue;
            }
            received++;
            String where = "line " + (n + 1) + ": ";
            try {
                String envelope = "{\"response\":[" + JSON.writeValueAsString(asDocSpace(JSON.readTree(line))) + "]}";
                AuditPage one = DocSpaceJson.page(envelope, JSON.readTree(envelope));
                events.addAll(one.events());
                one.rejected().forEach(r -> rejected.add(new RejectedEvent(where + r.reason(), line)));
            } catch (JsonProcessingException e) {
                rejected.add(new RejectedEvent(where + "not JSON (" + e.getOriginalMessage() + ")", line));
            }
        }
        return new AuditPage(events, rejected, received);
    }
}
