package io.docspaceguard.http;

import io.docspaceguard.incident.Incident;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.docspaceguard.incident.DecisionService;
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

    private final DecisionService decisions;

    ActionController(DecisionService decisions) {
        this.decisions = decisions;
    }

    void approve(Context ctx) throws JsonProcessingException {
        decide(ctx, decisions::approve);
    }

    void dismiss(Context ctx) throws JsonProcessingException {
        decide(ctx, decisions::dismiss);
    }

    void reenable(Context ctx) throws JsonProcessingException {
        decide(ctx, decisions::reenable);
    }

    void confirm(Context ctx) throws JsonProcessingException {
        decide(ctx, decisions::confirm);
    }

    private void decide(Context ctx, Transition transition) throws JsonProcessingException {
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
