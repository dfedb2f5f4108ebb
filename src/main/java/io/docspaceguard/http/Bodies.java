package io.docspaceguard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;

/** Request bodies: refused early when declared too large, read as one JSON object or refused with a 400. */
final class Bodies {
    private static final ObjectMapper JSON = Json.mapper();

    private Bodies() {
    }

    /**
     * Refuses a body whose declared length is over the limit before anything reads it: reading first would
     * hold the request open until a client that lied about the length gave up.
     */
    static void refuseOversized(Context ctx, long maxBytes) {
        if (ctx.contentLength() > maxBytes) {
            ctx.header("Connection", "close");
            throw new ContentTooLargeResponse("the request body is larger than " + maxBytes + " bytes");
        }
    }

    /**
     * The body as a {@code type}; empty when there is no body; a 400 unless it is one JSON object (malformed
     * JSON is answered where all errors are, in {@link HttpApi}).
     */
    static <T> Optional<T> object(Context ctx, Class<T> type) throws JsonProcessingException {
        String body = ctx.body();
        if (body.isBlank()) {
            return Optional.empty();
        }
        JsonNode tree = JSON.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object, got "
                    + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return Optional.of(JSON.treeToValue(tree, type));
    }
}
