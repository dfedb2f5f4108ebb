package io.docspaceguard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.docspaceguard.docspace.WebhookSignature;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.incident.AccountActionFailedException;
import io.docspaceguard.incident.AssignmentService;
import io.docspaceguard.incident.BulkWorkService;
import io.docspaceguard.incident.DecisionService;
import io.docspaceguard.recovery.RecoveryPlanner;
import io.docspaceguard.recovery.RecoveryRunner;
import io.docspaceguard.incident.IncidentNotFoundException;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.TrailService;
import io.docspaceguard.incident.TransitionRefusedException;
import io.docspaceguard.scan.ScanConflictException;
import io.docspaceguard.scan.ScanNotFoundException;
import io.docspaceguard.scan.Scanner;
import io.docspaceguard.scan.WebhookReceiver;
import io.docspaceguard.store.DatabaseStats;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.NetworkConnectionLimit;
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
                           AssignmentService assignments, BulkWorkService bulkWork, RecoveryPlanner recoveryPlanner, RecoveryRunner recovery,
                           TrailService trail, DatabaseStats database, BooleanSupplier leading,
                           PrometheusRegistry metrics, Webhook webhook) {
    }

    /**
     * Where and to whom the API listens.
     *
     * @param maxConnections connections served at once; further clients wait to be accepted
     * @param docSpaceUrl    the portal's address, for the console's links into DocSpace; null when none is configured
     */
    public record Settings(String host, int port, long maxRequestBytes, int maxConnections, List<ApiToken> tokens,
                           String docSpaceUrl) {
    }

    /**
     * Enough for every console and script a security team runs. Each connection costs the service memory (about 20 KB
     * of Jetty's parser and header cache alone), and a client that keeps opening new ones while the service falls
     * behind would otherwise fill the heap: measured at 500 requests a second, about 5,000 connections.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    /** The DocSpace webhook receiver, with the signature its deliveries must carry; null when it is off. */
    public record Webhook(WebhookSignature signature, WebhookReceiver receiver) {
    }

    /**
     * The console runs only its own script and puts data in as text; the policy makes an injected script or
     * a framing page useless even so. Inline style attributes are allowed, inline script is not.
     */
    private static final byte[] OPENAPI = openApiDescription();

    private static byte[] openApiDescription() {
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<String, String> CONSOLE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                    + "form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    /** One registered route: what it answers, who may call it, the query parameters it takes. */
    public record Route(String method, String path, String role, Set<String> queryParameters) {
    }

    private final Javalin app;
    private final List<Route> routes = new ArrayList<>();

    public HttpApi(Settings settings, Services services) {
        Authenticator auth = new Authenticator(settings.tokens());
        HealthController health = new HealthController(services.database(), services.engine(),
                services.scanner().health(), services.leading(), services.metrics());
        ScanController scans = new ScanController(services.scanner());
        IncidentController incidents = new IncidentController(services.incidents(), services.trail(),
                services.engine());
        RuleController rules = new RuleController(services.engine());
        ActionController actions = new ActionController(services.decisions(), services.assignments());
        BulkWorkController bulkWork = new BulkWorkController(services.bulkWork());
        RecoveryController recovery = new RecoveryController(services.incidents(), services.recoveryPlanner(),
                services.recovery());

        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            cfg.http.maxRequestSize = settings.maxRequestBytes();
            // Beyond the limit, connections wait in the listen backlog instead of taking memory.
            cfg.jetty.modifyServer(server -> server.addBean(new NetworkConnectionLimit(settings.maxConnections(),
                    server)));
            cfg.http.prefer405over404 = true;
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

            cfg.routes.before(ctx -> Bodies.refuseOversized(ctx, settings.maxRequestBytes()));
            cfg.routes.beforeMatched(auth::check);
            get(cfg, "/health", health::health, Access.ANYONE);
            get(cfg, "/api/me", ctx -> me(ctx, settings.docSpaceUrl()), Access.VIEWER);
            get(cfg, "/api/openapi.yaml", HttpApi::openApi, Access.VIEWER);
            get(cfg, "/metrics", health::metrics, Access.LOOPBACK_OR_VIEWER);
            post(cfg, "/api/scans", scans::start, Access.REVIEWER);
            get(cfg, "/api/scans", scans::list, Access.VIEWER);
            get(cfg, "/api/scans/{id}", scans::get, Access.VIEWER);
            post(cfg, "/api/scans/{id}/cancel", scans::cancel, Access.REVIEWER);
            post(cfg, "/api/scans/{id}/resume", scans::resume, Access.REVIEWER);
            get(cfg, "/security/scan", scans::legacy, Access.REVIEWER);
            get(cfg, "/api/incidents", incidents::list, Access.VIEWER);
            get(cfg, "/api/incidents/counts", incidents::counts, Access.VIEWER);
            get(cfg, "/api/incidents/{id}", incidents::get, Access.VIEWER);
            get(cfg, "/api/incidents/{id}/timeline", incidents::timeline, Access.VIEWER);
            get(cfg, "/api/incidents/{id}/recovery", recovery::plan, Access.VIEWER);
            post(cfg, "/api/incidents/{id}/recovery", recovery::start, Access.REVIEWER);
            get(cfg, "/api/incidents/{id}/recovery/run", recovery::run, Access.VIEWER);
            post(cfg, "/api/incidents/{id}/recovery/run/cancel", recovery::cancel, Access.REVIEWER);
            post(cfg, "/api/incidents/{id}/approve", actions::approve, Access.REVIEWER);
            post(cfg, "/api/incidents/{id}/dismiss", actions::dismiss, Access.REVIEWER);
            post(cfg, "/api/incidents/{id}/reenable", actions::reenable, Access.REVIEWER);
            post(cfg, "/api/incidents/{id}/confirm", actions::confirm, Access.REVIEWER);
            post(cfg, "/api/incidents/{id}/take", actions::take, Access.REVIEWER);
            post(cfg, "/api/incidents/{id}/release", actions::release, Access.REVIEWER);
            get(cfg, "/api/audit-trail", incidents::trail, Access.VIEWER);
            get(cfg, "/api/bulk-work", bulkWork::list, Access.VIEWER);
            post(cfg, "/api/bulk-work", bulkWork::declare, Access.REVIEWER);
            get(cfg, "/api/bulk-work/{id}", bulkWork::get, Access.VIEWER);
            post(cfg, "/api/bulk-work/{id}/revoke", bulkWork::revoke, Access.REVIEWER);
            get(cfg, "/api/rules", rules::get, Access.VIEWER);
            get(cfg, "/api/rules/stats", incidents::ruleStats, Access.VIEWER);
            post(cfg, "/api/rules/reload", rules::reload, Access.ADMIN);
            if (services.webhook() != null) {
                // Signed by DocSpace instead of a bearer token, which DocSpace cannot send: see WebhookController.
                WebhookController webhook = new WebhookController(services.webhook().signature(),
                        services.webhook().receiver());
                post(cfg, "/api/webhooks/docspace", webhook::receive, Access.ANYONE);
            }

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
                    render(ctx, ApiException.badRequest(JsonErrors.describe(e))));
            cfg.routes.exception(MismatchedInputException.class, (e, ctx) ->
                    render(ctx, ApiException.badRequest(JsonErrors.describe(e))));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) ->
                    render(ctx, new ApiException(e.getStatus(), "http_" + e.getStatus(), e.getMessage())));
            cfg.routes.exception(Exception.class, HttpApi::internalError);
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    render(ctx, ApiException.notFound("no such route: " + ctx.method() + " " + ctx.path()));
                }
            });
            cfg.routes.error(405, ctx -> render(ctx, new ApiException(405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path()
                            + (ctx.header("Allow") == null ? "" : "; allowed: " + ctx.header("Allow")))));
        });
    }

    /** Registers a route whose handler first refuses the query parameters the route does not take. */
    private void get(JavalinConfig cfg, String path, Handler handler, Access access) {
        cfg.routes.get(path, QueryParameters.checked("GET " + path, handler), access);
        routes.add(new Route("GET", path, access.wireName(), QueryParameters.of("GET " + path)));
    }

    private void post(JavalinConfig cfg, String path, Handler handler, Access access) {
        cfg.routes.post(path, QueryParameters.checked("POST " + path, handler), access);
        routes.add(new Route("POST", path, access.wireName(), QueryParameters.of("POST " + path)));
    }

    /** Every route, as registered; the OpenAPI description is checked against these. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private static void openApi(Context ctx) {
        ctx.contentType("application/yaml").result(OPENAPI);
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

    /**
     * Who the caller is, so that a client (the console) can leave out what the role may not do, and the portal's
     * address, so that it can link files and folders into DocSpace (null when none is configured).
     */
    record MeJson(String name, String role, String docSpaceUrl) {
    }

    private static void me(Context ctx, String docSpaceUrl) {
        Role role = ctx.attribute(Authenticator.ROLE);
        ctx.json(new MeJson(ctx.attribute(Authenticator.ACTOR), role.name().toLowerCase(Locale.ROOT), docSpaceUrl));
    }

    private static void render(Context ctx, ApiException e) {
        if (e.status == 401) {
            // RFC 6750: say which scheme is expected, and that the one presented (if any) was not valid.
            ctx.header("WWW-Authenticate", ctx.header("Authorization") == null ? "Bearer realm=\"docspace-guard\""
                    : "Bearer realm=\"docspace-guard\", error=\"invalid_token\"");
        }
        ctx.status(e.status).json(new ErrorBody(e.getMessage(), e.status, e.type, e.details, e.errors));
    }

    private static void internalError(Exception e, Context ctx) {
        String errorId = UUID.randomUUID().toString();
        log.error("request failed errorId={} {} {}", errorId, ctx.method(), ctx.path(), e);
        render(ctx, new ApiException(500, "internal_error", "internal error; the log has the details under this id",
                Map.of("errorId", errorId), null));
    }
}
