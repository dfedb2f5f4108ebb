package io.docspaceguard.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.docspaceguard.incident.Incident;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the JSON channels (webhook, JSON lines) say of an incident, and how they write a body that must go out. */
final class AlertJson {
    /** Times in details (an Instant, say) are written as ISO-8601 text, as the fields above. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private AlertJson() {
    }

    /** The incident's summary: who, which rule, how bad, how much, when. */
    static Map<String, Object> incident(Incident incident) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", incident.id());
        fields.put("userId", incident.userId());
        fields.put("userName", incident.userName());
        fields.put("rule", incident.rule());
        fields.put("severity", incident.severity());
        fields.put("status", incident.status() == null ? null : incident.status().wireName());
        fields.put("fileCount", incident.fileCount());
        fields.put("firstEventAt", iso(incident.firstEventAt()));
        fields.put("lastEventAt", iso(incident.lastEventAt()));
        fields.put("createdAt", iso(incident.createdAt()));
        fields.put("rulesVersion", incident.rulesVersion());
        return fields;
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * {@code body} as JSON. Only an exotic value in its {@code details} can fail to serialize; the rest of the body
     * still matters more, so the details are replaced by what went wrong.
     */
    static String write(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            body.put("details", Map.of("error", "details not serializable: " + e.getOriginalMessage()));
            try {
                return JSON.writeValueAsString(body);
            } catch (JsonProcessingException again) {
                throw new IllegalStateException(again);
            }
        }
    }
}
