package io.docspaceguard.http;

import io.docspaceguard.incident.IncidentDetail;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.recovery.RecoveryItem;
import io.docspaceguard.recovery.RecoveryPlan;
import io.docspaceguard.recovery.RecoveryPlanner;
import io.javalin.http.Context;

/** An incident's recovery plan, as JSON or as CSV for the ticket. */
final class RecoveryController {
    private final IncidentService incidents;
    private final RecoveryPlanner planner;

    RecoveryController(IncidentService incidents, RecoveryPlanner planner) {
        this.incidents = incidents;
        this.planner = planner;
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
