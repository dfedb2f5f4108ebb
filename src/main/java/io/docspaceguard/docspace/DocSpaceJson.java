package io.docspaceguard.docspace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Maps DocSpace's wire JSON (envelope, AuditEventDto, EmployeeFullDto) to the client's records. */
final class DocSpaceJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DocSpaceJson() {
    }

    /** One audit page; invalid items become RejectedEvents, never exceptions. */
    static AuditPage page(String body, JsonNode envelope) {
        JsonNode items = envelope.path("response");
        if (!items.isArray()) {
            throw new DocSpaceException(200, "audit answer has no response array");
        }
        List<String> raws = rawItems(body);
        List<AuditEntry> events = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String raw = i < raws.size() && raws.get(i) != null ? raws.get(i) : item.toString();
            try {
                events.add(entry(item, raw));
            } catch (InvalidItem e) {
                rejected.add(new RejectedEvent(e.getMessage(), raw));
            }
        }
        return new AuditPage(events, rejected, items.size());
    }

    /** A FileDto: id, version, title and when it was made are required; flags default to off. */
    static FileVersion fileVersion(JsonNode f) {
        if (!f.path("id").isValueNode() || !f.path("version").isIntegralNumber() || !f.path("title").isTextual()
                || !f.path("updated").isTextual()) {
            throw new DocSpaceException(200, "file answer lacks id, version, title or updated");
        }
        Instant updated = fileDate(f.path("updated"));
        Instant created = f.path("created").isTextual() ? fileDate(f.path("created")) : null;
        return new FileVersion(f.path("id").asText(), f.path("version").asInt(), f.path("title").asText(),
                personId(f.path("updatedBy")), updated, personId(f.path("createdBy")), created,
                f.path("folderId").isValueNode() ? f.path("folderId").asText() : null,
                f.path("rootFolderType").asInt(0), f.path("locked").asBoolean(false),
                (f.path("fileStatus").asInt(0) & 1) != 0);
    }

    private static Instant fileDate(JsonNode date) {
        try {
            return OffsetDateTime.parse(date.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new DocSpaceException(200, "file answer has an unreadable date: " + date.asText());
        }
    }

    private static String personId(JsonNode employee) {
        return employee.path("id").isTextual() ? employee.path("id").asText().toLowerCase(Locale.ROOT) : null;
    }

    /** A FolderDto's counts; both must be there, or the answer is not one. */
    static ContainerSize containerSize(JsonNode folder) {
        if (!folder.path("filesCount").isIntegralNumber() || !folder.path("foldersCount").isIntegralNumber()) {
            throw new DocSpaceException(200, "folder answer lacks filesCount or foldersCount");
        }
        return new ContainerSize(folder.path("filesCount").asInt(), folder.path("foldersCount").asInt());
    }

    static Person person(JsonNode p) {
        if (!p.path("id").isTextual() || !p.path("status").canConvertToInt() || !p.path("status").isIntegralNumber()) {
            throw new DocSpaceException(200, "person answer lacks id or status");
        }
        String displayName = p.path("displayName").isTextual() ? p.path("displayName").asText()
                : (p.path("firstName").asText("") + " " + p.path("lastName").asText("")).trim();
        return new Person(p.path("id").asText().toLowerCase(Locale.ROOT), displayName, p.path("status").asInt(),
                p.path("isAdmin").asBoolean(false), p.path("isOwner").asBoolean(false),
                p.path("isLDAP").asBoolean(false));
    }

    private static AuditEntry entry(JsonNode item, String raw) throws InvalidItem {
        if (!item.isObject()) {
            throw new InvalidItem("item is not a JSON object");
        }
        JsonNode id = item.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToLong()) {
            throw new InvalidItem("missing or non-integer id");
        }
        JsonNode date = item.path("date");
        if (!date.isTextual()) {
            throw new InvalidItem("missing date");
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(date.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidItem("unparsable date '" + date.asText() + "' (needs an offset or Z)");
        }
        JsonNode userId = item.path("userId");
        if (!userId.isTextual() || userId.asText().isBlank()) {
            throw new InvalidItem("missing userId");
        }
        if (userId.asText().indexOf('\0') >= 0) {
            throw new InvalidItem("userId holds a NUL character");
        }
        JsonNode actionId = item.path("actionId");
        if (!actionId.isIntegralNumber() || !actionId.canConvertToInt()) {
            throw new InvalidItem("missing or non-integer actionId");
        }
        return new AuditEntry(id.asLong(), at.toInstant(), userId.asText().toLowerCase(Locale.ROOT),
                optionalText(item, "user"), actionId.asInt(), optionalText(item, "action"),
                entries(item.path("entries")), target(item.path("target")), raw);
    }

    /**
     * Text for people to read (a user name, an action text). A NUL, which no database column holds and no
     * name needs, becomes U+FFFD, so such an event is still stored and still counted by the rules.
     */
    private static String optionalText(JsonNode item, String field) {
        JsonNode node = item.path(field);
        return node.isTextual() ? node.asText().replace('\0', '\uFFFD') : null;
    }

    private static List<Integer> entries(JsonNode node) throws InvalidItem {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidItem("entries is not a list");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : node) {
            if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                throw new InvalidItem("entries holds a non-integer: " + e);
            }
            out.add(e.asInt());
        }
        return out;
    }

    /** Ids are strings on the wire; a bare number is tolerated and kept as its text. */
    private static List<String> target(JsonNode node) throws InvalidItem {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidItem("target is not a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : node) {
            if (!t.isTextual() && !t.isNumber()) {
                throw new InvalidItem("target holds a non-id value: " + t);
            }
            if (t.asText().indexOf('\0') >= 0) {
                throw new InvalidItem("target holds an id with a NUL character");
            }
            out.add(t.asText());
        }
        return out;
    }

    /**
     * The exact source text of each object in the top-level {@code response} array, so the store keeps
     * what DocSpace sent rather than Jackson's re-serialization. Null for items that are not objects.
     */
    private static List<String> rawItems(String body) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("response".equals(name) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == JsonToken.START_OBJECT) {
                            int start = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            int end = (int) p.currentLocation().getCharOffset();
                            out.add(body.substring(start, end));
                        } else {
                            p.skipChildren();
                            out.add(null);
                        }
                    }
                    return out;
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // Already parsed once as a tree; raw text then falls back to the tree's JSON.
            return List.of();
        }
        return out;
    }

    private static final class InvalidItem extends Exception {
        InvalidItem(String reason) {
            super(reason, null, false, false);
        }
    }
}
