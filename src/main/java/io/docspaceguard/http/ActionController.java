package io.docspaceguard.http;

import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.ResponseService;
import io.javalin.http.Context;

/** Reviewer decisions on an incident; each answers the updated incident. */
final class ActionController {
    static final int MAX_COMMENT = 2_000;

    /** Body of every decision: why, in the reviewer's words. */
    record Decision(String comment) {
    }

    @FunctionalInterface
    private interface Transition {
        Incident apply(long id, String actor, String comment);
    }

    private final ResponseService response;

    ActionController(ResponseService response) {
        this.response = response;
    }

    void approve(Context ctx) {
        decide(ctx, response::approve);
    }

    void dismiss(Context ctx) {
        decide(ctx, response::dismiss);
    }

    void reenable(Context ctx) {
        decide(ctx, response::reenable);
    }

    void confirm(Context ctx) {
        decide(ctx, response::confirm);
    }

    private void decide(Context ctx, Transition transition) {
        long id = Params.pathId(ctx);
        String comment = Bodies.object(ctx, Decision.class)
                .orElseThrow(() -> ApiException.badRequest("a body {\"comment\": \"...\"} is required"))
                .comment();
        if (comment == null || comment.isBlank()) {
            throw ApiException.badRequest("comment is required: say why");
        }
        if (comment.length() > MAX_COMMENT) {
            throw ApiException.badRequest("comment is longer than " + MAX_COMMENT + " characters");
        }
        String actor = ctx.attribute(Authenticator.ACTOR);
        ctx.json(IncidentController.IncidentJson.of(transition.apply(id, actor, comment.strip())));
    }
}
