package io.docspaceguard.demo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * DocSpace's wire shapes as the portal model writes them (docspace-api.md §1, §3, §6): camelCase,
 * nulls omitted, enums as numbers, fields in the server's order, dates in the portal's zone.
 */
final class PortalJson {
    // ApiDateTime: 7 fraction digits and the portal's offset, "Z" when the offset is zero (§9.1).
    private static final DateTimeFormatter WIRE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXX");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private PortalJson() {
    }

    static String date(Instant at, ZoneId zone) {
        return WIRE_DATE.format(at.atZone(zone));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }

    /** SuccessApiResponse; {@code total} is never set by the endpoints simulated here. */
    record Envelope(Object response, int count, List<Link> links, int status, int statusCode) {
        static Envelope ok(Object response, int count, String href, String method) {
            return new Envelope(response, count, List.of(new Link(href, method)), 0, 200);
        }
    }

    record Link(String href, String action) {
    }

    /** ErrorApiResponse. */
    record ErrorEnvelope(Error error, int status, int statusCode) {
        static ErrorEnvelope of(int statusCode, String message, String type) {
            return new ErrorEnvelope(new Error(message, type, "   at ASC.Api.Core (simulated portal)", -2146233088),
                    1, statusCode);
        }
    }

    record Error(String message, String type, String stack, int hresult) {
    }

    /** Model validation failures come back through the success wrapper with status 1 (§1.2). */
    record Problem(String type, String title, int status, Map<String, List<String>> errors, String traceId) {
        static Envelope envelope(Map<String, List<String>> errors, String href) {
            Problem problem = new Problem("https://tools.ietf.org/html/rfc9110#section-15.5.1",
                    "One or more validation errors occurred.", 400, errors,
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
            return new Envelope(problem, 1, List.of(new Link(href, "GET")), 1, 400);
        }
    }

    /** AuditEventDto; {@code target} is omitted for events without one. */
    record AuditEventDto(long id, String date, String user, String userId, String action, int actionId, String ip,
                         String country, String city, String browser, String platform, int actionType, int product,
                         int location, List<String> target, List<Integer> entries, String context) {
    }

    /** EmployeeFullDto, the fields DocSpace fills for an ordinary account. */
    record EmployeeDto(String firstName, String lastName, String userName, String email, int status,
                       int activationStatus, String department,
                       @JsonProperty("isAdmin") boolean isAdmin,
                       @JsonProperty("isRoomAdmin") boolean isRoomAdmin,
                       @JsonProperty("isLDAP") boolean isLDAP,
                       @JsonProperty("isOwner") boolean isOwner,
                       @JsonProperty("isVisitor") boolean isVisitor,
                       @JsonProperty("isCollaborator") boolean isCollaborator,
                       String cultureName, int mobilePhoneActivationStatus,
                       @JsonProperty("isSSO") boolean isSSO,
                       String registrationDate, String id, String displayName, String avatar, String profileUrl,
                       boolean hasAvatar,
                       @JsonProperty("isAnonim") boolean isAnonim) {
    }
}
