package io.docspaceguard.http;

import io.docspaceguard.incident.Incident;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.docspaceguard.incident.AssignmentService;
import io.docspaceguard.incident.DecisionService;
import io.docspaceguard.incident.DismissalReason;
import io.javalin.http.Context;

/** Reviewer decisions on an incident; each answers the updated incident. */
final class ActionController {
    static final int MAX_COMMENT = 2_000;

    /** Body of every decision: why, in the reviewer's words. */
    record Decision(String comment) {
    }

    /** Body of a dismissal: why, from a closed set the rule's author can count, and optionally in words. */
    record Dismissal(String reason, String comment) {
    }

    @FunctionalInterface
    private interface Transition {
        Incident apply(long id, String actor, String comment);
    }

    private final DecisionService decisions;
    private final AssignmentService assignments;

    ActionController(DecisionService decisions, AssignmentService assignments) {
        this.decisions = decisions;
        this.assignments = assignments;
    }

    void approve(Context ctx) throws JsonProcessingException {
        decide(ctx, decisions::approve);
    }

    void dismiss(Context ctx) throws JsonProcessingException {
        long id = Params.pathId(ctx);
        String reasons = String.join(", ", DismissalReason.WIRE_NAMES);
        Dismissal body = Bodies.object(ctx, Dismissal.class).orElseThrow(() -> ApiException.badRequest(
                "a body {\"reason\": \"...\", \"comment\": \"...\"} is required; reason is one of " + reasons));
        if (body.reason() == null || !DismissalReason.WIRE_NAMES.contains(body.reason())) {
            throw ApiException.badRequest("reason is required, one of " + reasons
                    + (body.reason() == null ? "" : "; got '" + body.reason() + "'"));
        }
        String comment = body.comment() == null || body.comment().isBlank() ? null : checked(body.comment()).strip();
        String actor = ctx.attribute(Authenticator.ACTOR);
        ctx.json(IncidentController.IncidentJson.of(
                decisions.dismiss(id, actor, DismissalReason.fromWire(body.reason()), comment)));
    }

    /** The caller takes the incident: they work on it. */
    void take(Context ctx) {
        long id = Params.pathId(ctx);
        ctx.json(IncidentController.IncidentJson.of(assignments.take(id, ctx.attribute(Authenticator.ACTOR))));
    }

    /** Nobody works on the incident any more. */
    void release(Context ctx) {
        long id = Params.pathId(ctx);
        ctx.json(IncidentController.IncidentJson.of(assignments.release(id, ctx.attribute(Authenticator.ACTOR))));
    }

    private static String checked(String comment) {
        if (comment.length() > MAX_COMMENT) {
            throw ApiException.badRequest("comment is longer than " + MAX_COMMENT + " characters");
        }
        return comment;
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
        checked(comment);
        String actor = ctx.attribute(Authenticator.ACTOR);
        ctx.json(IncidentController.IncidentJson.of(transition.apply(id, actor, comment.strip())));
    }
}
