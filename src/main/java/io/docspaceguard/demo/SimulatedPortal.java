package io.docspaceguard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.docspaceguard.docspace.Person;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process DocSpace portal for the demo: the audit filter endpoint, people lookups and
 * {@code PUT people/status/{1|2}}, with the semantics of docspace-api.md (envelope, inclusive UTC window,
 * count 1..100, newest first, portal-zone dates, atomic 403s, the 4020/6032 footprint of a status change).
 * Audit rows become visible at their own write time, so late rows behave as DocSpace's asynchronous writer.
 *
 * <p>Served by the JDK's {@code com.sun.net.httpserver} rather than Javalin: it stands in for an outside
 * system, Javalin stays confined to the service's own http package, and four routes need no framework.
 * Thread-safe: the HTTP threads and the simulator share the state under this object's lock.
 */
public final class SimulatedPortal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedPortal.class);

    /** The account the demo API key belongs to: a DocSpace admin, as the service needs. */
    public static final String SERVICE_ACCOUNT_ID = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");

    static final String AUDIT_PATH = "/api/2.0/security/audit/events/filter";
    private static final String PEOPLE_PATH = "/api/2.0/people/";
    private static final String STATUS_PATH = "/api/2.0/people/status/";
    // ApiDateTime.Parse takes 0, 3 or 7 fraction digits and needs an explicit zone (§9.1).
    private static final Pattern API_DATE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3}|\\.\\d{7})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Instant REGISTERED = Instant.parse("2024-11-02T08:12:44Z");

    /**
     * One audit row to write.
     *
     * @param at        when the action happened (the row's {@code date})
     * @param writtenAt when the row appears in answers; later than {@code at} for late writes
     * @param fileId    target file id, or null for events without a target
     * @param title     the file's title, used in the action text
     */
    public record Write(Instant at, Instant writtenAt, String userId, int actionId, String fileId, String title,
                        String context) {
    }

    private record Row(long id, Instant at, Instant writtenAt, PortalJson.AuditEventDto dto) {
    }

    private record Answer(int status, String body) {
        static Answer json(int status, Object body) {
            return new Answer(status, PortalJson.write(body));
        }

        static Answer error(int status, String message, String type) {
            return json(status, PortalJson.ErrorEnvelope.of(status, message, type));
        }

        static Answer accessDenied() {
            return error(403, "Access denied", "System.Security.SecurityException");
        }
    }

    private final Clock clock;
    private final ZoneId zone;
    private final String apiKey;
    private final Map<String, PortalUser> users = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private long nextId = 184_000;
    private HttpServer server;
    private ExecutorService threads;
    private String baseUrl;

    /** @param clock decides which rows are written yet and dates the status-change footprint */
    public SimulatedPortal(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.apiKey = "sk-" + HexFormat.of().formatHex(secret);
        addUser(new PortalUser(SERVICE_ACCOUNT_ID, "DocSpace", "Guard", true, false, false, Person.ACTIVE,
                new PortalUser.Device("127.0.0.1", "", "", "docspace-guard", "")));
    }

    /** Listens on 127.0.0.1 only: the demo key must not be usable from another machine. Port 0 picks one. */
    public synchronized SimulatedPortal start(int port) {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("simulated portal cannot listen on 127.0.0.1:" + port, e);
        }
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "simulated-portal");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        log.info("simulated DocSpace portal listening on {}", baseUrl);
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    public synchronized String baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("start() the portal first");
        }
        return baseUrl;
    }

    public String apiKey() {
        return apiKey;
    }

    public ZoneId zone() {
        return zone;
    }

    // ---- state ---------------------------------------------------------------------------------

    /** Adds or replaces an account. */
    public synchronized void addUser(PortalUser user) {
        users.put(user.id(), user);
    }

    public synchronized Optional<PortalUser> user(String id) {
        return Optional.ofNullable(users.get(id.toLowerCase(Locale.ROOT)));
    }

    public synchronized List<PortalUser> users() {
        return List.copyOf(users.values());
    }

    /** Whether the account exists and is active: only active accounts can act on the portal. */
    public synchronized boolean isActive(String id) {
        PortalUser user = users.get(id.toLowerCase(Locale.ROOT));
        return user != null && user.status() == Person.ACTIVE;
    }

    /** Stores an audit row; returns its id. Dates are whole seconds, as on MySQL installs and SaaS (§9.1). */
    public synchronized long write(Write w) {
        PortalUser actor = users.get(w.userId().toLowerCase(Locale.ROOT));
        String userName = actor == null ? "Unknown Account" : actor.displayName();
        PortalUser.Device device = actor == null ? new PortalUser.Device("", "", "", null, null) : actor.device();
        Instant at = w.at().truncatedTo(ChronoUnit.SECONDS);
        long id = nextId++;
        List<String> target = w.fileId() == null ? null : List.of(w.fileId());
        List<Integer> entries = w.fileId() == null ? List.of() : List.of(1);
        rows.add(new Row(id, at, w.writtenAt(), new PortalJson.AuditEventDto(id, PortalJson.date(at, zone), userName,
                w.userId().toLowerCase(Locale.ROOT), Actions.text(w.actionId(), w.title(), userName), w.actionId(),
                device.ip(), device.country(), emptyToNull(device.city()), device.browser(), device.platform(),
                Actions.type(w.actionId()), 2, 1, target, entries, w.context())));
        return id;
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Answer answer;
            try {
                answer = answer(exchange);
            } catch (RuntimeException e) {
                log.error("simulated portal failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                answer = Answer.error(500, "Internal error of the simulated portal", e.getClass().getName());
            }
            byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            if (body.length > 0) {
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        // No custom challenge in DocSpace: a missing or wrong key is a bare 401 (§1.2).
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return new Answer(401, null);
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String href = baseUrl + exchange.getRequestURI();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        synchronized (this) {
            if (method.equals("GET") && path.equals(AUDIT_PATH)) {
                return audit(query(exchange.getRequestURI().getRawQuery()), href);
            }
            if (method.equals("PUT") && path.startsWith(STATUS_PATH)) {
                return updateStatus(path.substring(STATUS_PATH.length()), body, href);
            }
            if (method.equals("GET") && path.startsWith(PEOPLE_PATH) && path.indexOf('/', PEOPLE_PATH.length()) < 0) {
                String id = path.substring(PEOPLE_PATH.length());
                PortalUser user = users.get(id.equals("@self") ? SERVICE_ACCOUNT_ID : id.toLowerCase(Locale.ROOT));
                return user == null
                        ? Answer.error(404, "The user could not be found", "ASC.Common.Web.ItemNotFoundException")
                        : Answer.json(200, PortalJson.Envelope.ok(employee(user), 1, href, "GET"));
            }
        }
        return new Answer(404, null);
    }

    private boolean authorized(String header) {
        byte[] expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private Answer audit(Map<String, String> query, String href) {
        Map<String, List<String>> invalid = new LinkedHashMap<>();
        Instant from = date(query.get("from"), "from", invalid);
        Instant to = date(query.get("to"), "to", invalid);
        int count = integer(query.get("count"), 100, 1, 100, "Count", invalid);
        int startIndex = integer(query.get("startIndex"), 0, 0, Integer.MAX_VALUE, "StartIndex", invalid);
        if (!invalid.isEmpty()) {
            return Answer.json(400, PortalJson.Problem.envelope(invalid, href));
        }
        Instant now = clock.instant();
        List<PortalJson.AuditEventDto> page = rows.stream()
                .filter(r -> !r.writtenAt().isAfter(now))
                .filter(r -> (from == null || !r.at().isBefore(from)) && (to == null || !r.at().isAfter(to)))
                // ORDER BY date DESC; DocSpace leaves ties unordered, the id makes them repeatable here.
                .sorted(Comparator.comparing(Row::at).thenComparingLong(Row::id).reversed())
                .skip(startIndex)
                .limit(count)
                .map(Row::dto)
                .toList();
        return Answer.json(200, PortalJson.Envelope.ok(page, page.size(), href, "GET"));
    }

    private Answer updateStatus(String statusText, byte[] body, String href) {
        int status = switch (statusText) {
            case "1", "Active" -> Person.ACTIVE;
            case "2", "Terminated" -> Person.DISABLED;
            default -> -1;
        };
        if (status < 0) {
            return Answer.error(400, "Incorrect status", "System.ArgumentException");
        }
        JsonNode userIds;
        try {
            userIds = PortalJson.mapper().readTree(body).path("userIds");
        } catch (IOException e) {
            userIds = null;
        }
        if (userIds == null || !userIds.isArray()) {
            // DocSpace dereferences the missing list (§6.2).
            return Answer.error(500, "Object reference not set to an instance of an object.",
                    "System.NullReferenceException");
        }
        PortalUser caller = users.get(SERVICE_ACCOUNT_ID);
        // Every id is checked before anything changes: one forbidden id fails the whole call.
        List<PortalUser> targets = new ArrayList<>();
        for (JsonNode id : userIds) {
            PortalUser user = users.get(id.asText().toLowerCase(Locale.ROOT));
            if (user == null || user.owner() || user.ldap() || user.id().equals(caller.id())
                    || (user.admin() && !caller.owner())) {
                return Answer.accessDenied();
            }
            targets.add(user);
        }
        Instant now = clock.instant();
        List<PortalJson.EmployeeDto> answer = new ArrayList<>();
        for (PortalUser user : targets) {
            // Re-enabling acts only on disabled accounts; disabling ends the user's sessions (6032).
            if (status == Person.DISABLED && user.status() != Person.DISABLED) {
                footprint(now, caller, 6032, null, "Cookie Settings Updated");
                user = user.withStatus(status);
            } else if (status == Person.ACTIVE && user.status() == Person.DISABLED) {
                user = user.withStatus(status);
            }
            users.put(user.id(), user);
            answer.add(employee(user));
            log.info("simulated portal: user={} status={}", user.displayName(), user.status());
        }
        if (!targets.isEmpty()) {
            footprint(now, caller, 4020, targets.stream().map(PortalUser::id).toList(), "Users ["
                    + targets.stream().map(PortalUser::displayName).collect(Collectors.joining(", "))
                    + "]. Updated Status");
        }
        // count is 1 whatever the length: DocSpace cannot count the async stream it answers with (§1.1).
        return Answer.json(200, PortalJson.Envelope.ok(answer, 1, href, "PUT"));
    }

    /** The audit rows DocSpace writes about a status change; not file events, so no rule counts them. */
    private void footprint(Instant at, PortalUser caller, int actionId, List<String> target, String action) {
        long id = nextId++;
        Instant second = at.truncatedTo(ChronoUnit.SECONDS);
        boolean people = actionId == 4020;
        rows.add(new Row(id, second, at, new PortalJson.AuditEventDto(id, PortalJson.date(second, zone),
                caller.displayName(), caller.id(), action, actionId, caller.device().ip(), "", null,
                caller.device().browser(), null, 2, people ? 8 : 7, people ? 30 : 29, target,
                people ? List.of(23) : List.of(), people ? "Contacts" : "Settings")));
    }

    private PortalJson.EmployeeDto employee(PortalUser u) {
        return new PortalJson.EmployeeDto(u.firstName(), u.lastName(), u.userName(), u.userName() + "@acme.example",
                u.status(), 1, "", u.admin(), false, u.ldap(), u.owner(), false, false, "en-US", 0, false,
                PortalJson.date(REGISTERED, zone), u.id(), u.displayName(),
                "/static/images/default_user_photo_size_82-82.png",
                "https://acme.onlyoffice.com/accounts/view/" + u.userName(), false, false);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                // A raw "+" decodes to a space and then fails to parse, as it does on DocSpace (§9.1).
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(name, value);
            }
        }
        return values;
    }

    private static Instant date(String value, String name, Map<String, List<String>> invalid) {
        if (value == null) {
            return null;
        }
        if (!API_DATE.matcher(value).matches()) {
            invalid.put(name, List.of("The value '" + value + "' is not valid."));
            return null;
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    private static int integer(String value, int absent, int min, int max, String name,
                               Map<String, List<String>> invalid) {
        if (value == null) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, as ASP.NET model validation does
        }
        invalid.put(name, List.of("The field " + name + " must be between " + min + " and " + max + "."));
        return absent;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
