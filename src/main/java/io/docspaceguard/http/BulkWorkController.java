package io.docspaceguard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.docspaceguard.incident.BulkWork;
import io.docspaceguard.incident.BulkWorkService;
import io.javalin.http.Context;
import java.time.Instant;

/** Declared bulk work: listed for viewers, declared and revoked by reviewers. */
final class BulkWorkController {
    /** Body of POST /api/bulk-work; no userId means everyone. */
    record DeclareRequest(String userId, String from, String to, String reason) {
    }

    /** A declaration as the API shows it, with its state on the service's clock. */
    record BulkWorkJson(long id, String userId, Instant startsAt, Instant endsAt, String reason, String declaredBy,
                        Instant declaredAt, String revokedBy, Instant revokedAt, String state) {
        static BulkWorkJson of(BulkWork w, Instant now) {
            return new BulkWorkJson(w.id(), w.userId(), w.startsAt(), w.endsAt(), w.reason(), w.declaredBy(),
                    w.declaredAt(), w.revokedBy(), w.revokedAt(), w.state(now));
        }
    }

    /** Optional body of POST /api/bulk-work/{id}/revoke. */
    record RevokeRequest(String comment) {
    }

    private final BulkWorkService bulkWork;

    BulkWorkController(BulkWorkService bulkWork) {
        this.bulkWork = bulkWork;
    }

    /** {@code ?current=true} lists only declarations not yet over. */
    void list(Context ctx) {
        String current = Params.text(ctx, "current", 5);
        if (current != null && !current.equals("true") && !current.equals("false")) {
            throw ApiException.badRequest("current must be true or false; got '" + current + "'");
        }
        Long limit = Params.number(ctx, "limit", 1, 500);
        Instant now = bulkWork.now();
        ctx.json(bulkWork.list("true".equals(current), limit == null ? 100 : limit.intValue()).stream()
                .map(w -> BulkWorkJson.of(w, now)).toList());
    }

    void get(Context ctx) {
        long id = Params.pathId(ctx);
        ctx.json(BulkWorkJson.of(bulkWork.get(id).orElseThrow(() -> ApiException.notFound("no bulk work " + id)),
                bulkWork.now()));
    }

    void declare(Context ctx) throws JsonProcessingException {
        DeclareRequest request = Bodies.object(ctx, DeclareRequest.class)
                .orElseThrow(() -> ApiException.badRequest("a body with from, to and reason is required"));
        if (request.from() == null || request.to() == null) {
            throw ApiException.badRequest("from and to are required");
        }
        String userId = request.userId() == null || request.userId().isBlank() ? null : request.userId().strip();
        try {
            BulkWork declared = bulkWork.declare(ctx.attribute(Authenticator.ACTOR), userId,
                    Params.instant("from", request.from()), Params.instant("to", request.to()), request.reason());
            ctx.status(201).json(BulkWorkJson.of(declared, bulkWork.now()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    void revoke(Context ctx) throws JsonProcessingException {
        long id = Params.pathId(ctx);
        String comment = Bodies.object(ctx, RevokeRequest.class).map(RevokeRequest::comment).orElse(null);
        if (comment != null && comment.length() > BulkWorkService.MAX_REASON) {
            throw ApiException.badRequest("comment is longer than " + BulkWorkService.MAX_REASON + " characters");
        }
        try {
            ctx.json(BulkWorkJson.of(bulkWork.revoke(id, ctx.attribute(Authenticator.ACTOR), comment)
                    .orElseThrow(() -> ApiException.notFound("no bulk work " + id)), bulkWork.now()));
        } catch (BulkWorkService.AlreadyRevokedException e) {
            throw new ApiException(409, "conflict", e.getMessage());
        }
    }
}
