package io.docspaceguard.http;

import io.docspaceguard.incident.IncidentDetail;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.recovery.RecoveryItem;
import io.docspaceguard.recovery.RecoveryPlan;
import io.docspaceguard.recovery.RecoveryPlanner;
import io.docspaceguard.recovery.RecoveryRun;
import io.docspaceguard.recovery.RecoveryRunner;
import io.docspaceguard.recovery.RecoveryStep;
import io.javalin.http.Context;
import java.util.List;

/** An incident's recovery plan (JSON, or CSV for the ticket), and running it. */
final class RecoveryController {
    /** Body of POST /api/incidents/{id}/recovery. */
    record StartRequest(String comment) {
    }

    /** A run with its files. */
    record RunJson(RecoveryRun run, List<RecoveryStep> steps) {
    }

    private final IncidentService incidents;
    private final RecoveryPlanner planner;
    private final RecoveryRunner runner;

    RecoveryController(IncidentService incidents, RecoveryPlanner planner, RecoveryRunner runner) {
        this.incidents = incidents;
        this.planner = planner;
        this.runner = runner;
    }

    /** Starts the run in the background: 202 with the run; 409 unless the account is disabled and none is running. */
    void start(Context ctx) throws com.fasterxml.jackson.core.JsonProcessingException {
        long id = Params.pathId(ctx);
        String comment = Bodies.object(ctx, StartRequest.class).map(StartRequest::comment).orElse(null);
        if (comment == null || comment.isBlank() || comment.length() > 2000) {
            throw ApiException.badRequest("a comment (up to 2000 characters) is required: say why");
        }
        ctx.status(202).json(runner.start(id, ctx.attribute(Authenticator.ACTOR), comment.strip()));
    }

    /** The latest run with its progress and files; 404 when the incident was never recovered. */
    void run(Context ctx) {
        long id = Params.pathId(ctx);
        RecoveryRun run = runner.latest(id).orElseThrow(() -> ApiException.notFound("incident " + id
                + " has no recovery run"));
        ctx.json(new RunJson(run, runner.steps(run.id())));
    }

    void cancel(Context ctx) {
        long id = Params.pathId(ctx);
        ctx.json(runner.cancel(id, ctx.attribute(Authenticator.ACTOR)).orElseThrow(() -> ApiException.notFound(
                "incident " + id + " has no recovery run")));
    }

    /** {@code ?format=csv} answers {@code text/csv}; JSON otherwise. */
    void plan(Context ctx) {
        long id = Params.pathId(ctx);
        String format = Params.text(ctx, "format", 8);
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw ApiException.badRequest("format must be csv or json; got '" + format + "'");
        }
        IncidentDetail detail = incidents.get(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
        RecoveryPlan plan = planner.plan(detail);
        if ("csv".equals(format)) {
            ctx.contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"incident-" + id + "-recovery.csv\"")
                    .result(csv(plan));
        } else {
            ctx.json(plan);
        }
    }

    static String csv(RecoveryPlan plan) {
        StringBuilder out = new StringBuilder("fileId,title,action,restoreVersion,renameTo,outcome,reason\r\n");
        for (RecoveryItem item : plan.items()) {
            out.append(cell(item.fileId())).append(',').append(cell(item.title())).append(',')
                    .append(cell(item.action())).append(',')
                    .append(item.restoreVersion() == null ? "" : item.restoreVersion()).append(',')
                    .append(cell(item.renameTo())).append(',').append(cell(item.outcome())).append(',')
                    .append(cell(item.reason())).append("\r\n");
        }
        return out.toString();
    }

    /**
     * One quoted cell. A file name is the attacker's text: one starting with = + - @ would run as a formula in a
     * spreadsheet, so it gets a leading apostrophe.
     */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return '"' + safe.replace("\"", "\"\"") + '"';
    }
}
