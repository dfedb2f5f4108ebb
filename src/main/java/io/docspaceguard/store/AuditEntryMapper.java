package io.docspaceguard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.docspace.AuditEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps an {@code audit_event} row to an {@link AuditEntry}, and encodes the two list columns:
 * {@code entries} as comma-separated integers, {@code target} as a JSON array of strings.
 */
public final class AuditEntryMapper implements RowMapper<AuditEntry> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    @Override
    public AuditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        Instant at = ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "occurred_at", ctx);
        return new AuditEntry(rs.getLong("id"), at, rs.getString("user_id"), rs.getString("user_name"),
                rs.getInt("action_id"), rs.getString("action"), parseEntries(rs.getString("entries")),
                parseTarget(rs.getString("target")), rs.getString("raw"));
    }

    static String entriesText(List<Integer> entries) {
        return entries.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static List<Integer> parseEntries(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    static String targetJson(List<String> target) {
        try {
            return JSON.writeValueAsString(target);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode target " + target, e);
        }
    }

    static List<String> parseTarget(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored target is not a JSON string array: " + json, e);
        }
    }
}
