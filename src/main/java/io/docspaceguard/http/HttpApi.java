package io.docspaceguard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.docspaceguard.Config;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.incident.AccountActionFailedException;
import io.docspaceguard.incident.BulkWorkService;
import io.docspaceguard.incident.DecisionService;
import io.docspaceguard.recovery.RecoveryPlanner;
import io.docspaceguard.recovery.RecoveryRunner;
import io.docspaceguard.incident.IncidentNotFoundException;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.TransitionRefusedException;
import io.docspaceguard.scan.ScanConflictException;
import io.docspaceguard.scan.ScanNotFoundException;
import io.docspaceguard.scan.Scanner;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: routes with the access each needs, and the one place where errors become statuses.
 * 4xx answers are quiet; a 5xx is logged with an id that is also in the answer.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    /** What the API serves. */
    public record Services(RuleEngine engine, Scanner scanner, IncidentService incidents, DecisionService decisions,
                           BulkWorkService bulkWork, RecoveryPlanner recoveryPlanner, RecoveryRunner recovery,
                           Jdbi jdbi) {
    }

    /**
     * The console runs only its own script and puts data in as text; the policy makes an injected script or
     * a framing page useless even so. Inline style attributes are allowed, inline script is not.
     */
    private static final Map<String, String> CONSOLE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                    + "form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private final Javalin app;

    public HttpApi(Config config, Services services) {
        Authenticator auth = new Authenticator(config.apiTokens());
        HealthController health = new HealthController(services.jdbi(), services.engine(), services.scanner().health());
        ScanController scans = new ScanController(services.scanner());
        IncidentController incidents = new IncidentController(services.incidents(), services.jdbi());
        RuleController rules = new RuleController(services.engine());
        ActionController actions = new ActionController(services.decisions());
        BulkWorkController bulkWork = new BulkWorkController(services.bulkWork());
        RecoveryController recovery = new RecoveryController(services.incidents(), services.recoveryPlanner(),
                services.recovery());

        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.httpHost();
            cfg.jetty.port = config.httpPort();
            cfg.http.maxRequestSize = config.maxRequestBytes();
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            // The console: a public shell of static files; every datum it shows comes from the API with
            // the reviewer's token, so serving the files themselves needs none.
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.ANYONE);
                files.headers = CONSOLE_HEADERS;
            });
            // Answers carry account data: never cached, never sniffed into another type.
            cfg.routes.after(ctx -> {
                if (!ctx.path().equals("/") && !ctx.path().contains(".")) {
                    ctx.header("Cache-Control", "no-store");
                }
                ctx.header("X-Content-Type-Options", "nosniff");
            });

            cfg.routes.before(ctx -> Bodies.refuseOversized(ctx, config.maxRequestBytes()));
            cfg.routes.beforeMatched(auth::check);
            cfg.routes.get("/health", health::health, Access.ANYONE);
            cfg.routes.get("/api/me", HttpApi::me, Access.VIEWER);
            cfg.routes.get("/metrics", health::metrics, Access.LOOPBACK_OR_VIEWER);
            cfg.routes.post("/api/scans", scans::start, Access.REVIEWER);
            cfg.routes.get("/api/scans", scans::list, Access.VIEWER);
            cfg.routes.get("/api/scans/{id}", scans::get, Access.VIEWER);
            cfg.routes.post("/api/scans/{id}/cancel", scans::cancel, Access.REVIEWER);
            cfg.routes.post("/api/scans/{id}/resume", scans::resume, Access.REVIEWER);
            cfg.routes.get("/security/scan", scans::legacy, Access.REVIEWER);
            cfg.routes.get("/api/incidents", incidents::list, Access.VIEWER);
            cfg.routes.get("/api/incidents/{id}", incidents::get, Access.VIEWER);
            cfg.routes.get("/api/incidents/{id}/timeline", incidents::timeline, Access.VIEWER);
            cfg.routes.get("/api/incidents/{id}/recovery", recovery::plan, Access.VIEWER);
            cfg.routes.post("/api/incidents/{id}/recovery", recovery::start, Access.REVIEWER);
            cfg.routes.get("/api/incidents/{id}/recovery/run", recovery::run, Access.VIEWER);
            cfg.routes.post("/api/incidents/{id}/recovery/run/cancel", recovery::cancel, Access.REVIEWER);
            cfg.routes.post("/api/incidents/{id}/approve", actions::approve, Access.REVIEWER);
            cfg.routes.post("/api/incidents/{id}/dismiss", actions::dismiss, Access.REVIEWER);
            cfg.routes.post("/api/incidents/{id}/reenable", actions::reenable, Access.REVIEWER);
            cfg.routes.post("/api/incidents/{id}/confirm", actions::confirm, Access.REVIEWER);
            cfg.routes.get("/api/audit-trail", incidents::trail, Access.VIEWER);
            cfg.routes.get("/api/bulk-work", bulkWork::list, Access.VIEWER);
            cfg.routes.post("/api/bulk-work", bulkWork::declare, Access.REVIEWER);
            cfg.routes.get("/api/bulk-work/{id}", bulkWork::get, Access.VIEWER);
            cfg.routes.post("/api/bulk-work/{id}/revoke", bulkWork::revoke, Access.REVIEWER);
            cfg.routes.get("/api/rules", rules::get, Access.VIEWER);
            cfg.routes.post("/api/rules/reload", rules::reload, Access.ADMIN);

            cfg.routes.exception(ApiException.class, (e, ctx) -> render(ctx, e));
            cfg.routes.exception(IncidentNotFoundException.class, (e, ctx) ->
                    render(ctx, ApiException.notFound(e.getMessage())));
            cfg.routes.exception(TransitionRefusedException.class, (e, ctx) ->
                    render(ctx, new ApiException(409, "conflict", e.getMessage())));
            cfg.routes.exception(RecoveryRunner.RefusedException.class, (e, ctx) ->
                    render(ctx, new ApiException(409, "conflict", e.getMessage())));
            cfg.routes.exception(ScanConflictException.class, (e, ctx) ->
                    render(ctx, new ApiException(409, "conflict", e.getMessage())));
            cfg.routes.exception(ScanNotFoundException.class, (e, ctx) ->
                    render(ctx, ApiException.notFound(e.getMessage())));
            cfg.routes.exception(AccountActionFailedException.class, (e, ctx) ->
                    render(ctx, new ApiException(502, "docspace_refused", e.getMessage(),
                            Map.of("docSpaceStatus", e.docSpaceStatus()), null)));
            cfg.routes.exception(JsonProcessingException.class, (e, ctx) ->
                    render(ctx, ApiException.badRequest("malformed JSON body: " + e.getOriginalMessage())));
            cfg.routes.exception(MismatchedInputException.class, (e, ctx) ->
                    render(ctx, ApiException.badRequest("malformed JSON body: " + e.getOriginalMessage())));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) ->
                    render(ctx, new ApiException(e.getStatus(), "http_" + e.getStatus(), e.getMessage())));
            cfg.routes.exception(Exception.class, HttpApi::internalError);
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    render(ctx, ApiException.notFound("no such route: " + ctx.method() + " " + ctx.path()));
                }
            });
        });
    }

    public HttpApi start() {
        app.start();
        log.info("http listening on {}:{}", app.jettyServer().server().getURI().getHost(), app.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    /** Who the caller is, so that a client (the console) can leave out what the role may not do. */
    record MeJson(String name, String role) {
    }

    private static void me(Context ctx) {
        Config.Role role = ctx.attribute(Authenticator.ROLE);
        ctx.json(new MeJson(ctx.attribute(Authenticator.ACTOR), role.name().toLowerCase(Locale.ROOT)));
    }

    private static void render(Context ctx, ApiException e) {
        ctx.status(e.status).json(new ErrorBody(e.getMessage(), e.status, e.type, e.details, e.errors));
    }

    private static void internalError(Exception e, Context ctx) {
        String errorId = UUID.randomUUID().toString();
        log.error("request failed errorId={} {} {}", errorId, ctx.method(), ctx.path(), e);
        render(ctx, new ApiException(500, "internal_error", "internal error; the log has the details under this id",
                Map.of("errorId", errorId), null));
    }
}
