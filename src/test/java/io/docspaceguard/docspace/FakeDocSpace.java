package io.docspaceguard.docspace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stateful in-process DocSpace portal for tests, built on WireMock. It follows the real semantics of
 * docspace-api.md: the response envelope, the audit filter endpoint (inclusive UTC window, count 1..100,
 * startIndex, newest first, dates in the portal zone with 7 fraction digits), people lookups and the
 * atomic {@code PUT /people/status/{1|2}} with its 403 rules and audit footprint (4020, 6032).
 *
 * <p>By default the caller is {@link #SERVICE_USER_ID}, a DocSpace admin. All methods are thread-safe.
 */
public final class FakeDocSpace implements AutoCloseable {
    /** The account the API key belongs to unless {@link #setSelf} says otherwise. */
    public static final String SERVICE_USER_ID = "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WIRE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXX");
    // ApiDateTime.Parse accepts 0, 3 or 7 fraction digits and needs an explicit zone.
    private static final Pattern API_DATE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3}|\\.\\d{7})?(Z|[+-]\\d{2}:\\d{2})");
    private static final String AUDIT_PATH = "/api/2.0/security/audit/events/filter";
    private static final String PEOPLE_PATH = "/api/2.0/people/";
    private static final String STATUS_PATH = "/api/2.0/people/status/";
    private static final int FALLBACK_SIZE = 20;

    /** One {@code PUT /people/status/{status}} as received, and the HTTP status the fake answered. */
    public record StatusWrite(int status, List<String> userIds, int httpStatus) {
    }

    private record User(String id, String name, boolean admin, boolean owner, boolean ldap, int status) {
        User withStatus(int newStatus) {
            return new User(id, name, admin, owner, ldap, newStatus);
        }
    }

    /** node is null for raw events; at is null when a raw event's date cannot be read. */
    private record StoredEvent(long seq, Instant at, ObjectNode node, String raw) {
    }

    private record Failure(int status, String retryAfter, long delayMs) {
    }

    private record Answer(int status, String body, String contentType, String retryAfter) {
        static Answer json(int status, String body) {
            return new Answer(status, body, "application/json; charset=utf-8", null);
        }
    }

    private final ZoneId zone;
    private final String apiKey;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final List<StoredEvent> events = new ArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final List<StatusWrite> statusWrites = new ArrayList<>();
    private final Deque<Failure> statusWriteFailures = new ArrayDeque<>();
    private final Set<String> comeBackPending = new HashSet<>();
    private boolean seatsFull;
    private WireMockServer server;
    private Clock clock = Clock.systemUTC();
    private String selfId = SERVICE_USER_ID;
    private long nextEventId = 100_000;
    private long seq;
    private int auditRequests;
    private boolean planLacksAudit;
    private boolean planRejectsAudit;

    public FakeDocSpace() {
        this(DEFAULT_ZONE);
    }

    /** @param zone the portal's time zone: event dates are rendered with its offset */
    public FakeDocSpace(ZoneId zone) {
        this.zone = zone;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.apiKey = "sk-" + HexFormat.of().formatHex(secret);
        addUser(SERVICE_USER_ID, "Guard Service", true, false);
    }

    public synchronized FakeDocSpace start() {
        if (server == null) {
            server = new WireMockServer(wireMockConfig().dynamicPort().extensions(new Portal()));
            server.start();
            server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public synchronized String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("start() the fake first");
        }
        return server.baseUrl();
    }

    public String apiKey() {
        return apiKey;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Clock for the audit events the status endpoint writes (4020, 6032). */
    public synchronized void setClock(Clock clock) {
        this.clock = clock;
    }

    // ---- users ----------------------------------------------------------------------------------

    /** Adds (or replaces) an active user. */
    public synchronized void addUser(String id, String name, boolean admin, boolean owner) {
        String key = id.toLowerCase(Locale.ROOT);
        users.put(key, new User(key, name, admin, owner, false, Person.ACTIVE));
    }

    /** Marks a user as synchronised from LDAP (DocSpace refuses to change their status). */
    public synchronized void setLdap(String id, boolean ldap) {
        User u = user(id);
        users.put(u.id(), new User(u.id(), u.name(), u.admin(), u.owner(), ldap, u.status()));
    }

    /** Sets a user's status directly, as if an admin had used the UI. */
    public synchronized void setStatus(String id, int status) {
        User u = user(id);
        users.put(u.id(), u.withStatus(status));
    }

    /** Makes the API key belong to this (existing) user. */
    public synchronized void setSelf(String id) {
        selfId = user(id).id();
    }

    public synchronized int statusOf(String userId) {
        return user(userId).status();
    }

    private User user(String id) {
        User u = users.get(id.toLowerCase(Locale.ROOT));
        if (u == null) {
            throw new IllegalArgumentException("no user " + id + "; addUser first");
        }
        return u;
    }

    // ---- audit events ---------------------------------------------------------------------------

    /** A settings-like event: no target, no entries. Returns the event id. */
    public long addEvent(Instant at, String userId, int actionId) {
        return addEvent(at, userId, actionId, null);
    }

    /** A file event ({@code entries [1]}, {@code target [fileId]}), or no target when fileId is null. */
    public synchronized long addEvent(Instant at, String userId, int actionId, String fileId) {
        return addEvent(nextEventId++, at, userId, actionId,
                fileId == null ? List.of() : List.of(fileId), fileId == null ? List.of() : List.of(1));
    }

    /** Full control, including reusing an id (e.g. to mimic a duplicated row). */
    public synchronized long addEvent(long id, Instant at, String userId, int actionId, List<String> target,
                                      List<Integer> entries) {
        nextEventId = Math.max(nextEventId, id + 1);
        events.add(new StoredEvent(seq++, at, render(id, at, userId, actionId, target, entries), null));
        return id;
    }

    /**
     * An item served verbatim, e.g. a malformed one. Placed in time by its {@code date} when that parses;
     * otherwise it matches every window and sorts first.
     */
    public synchronized void addRawEvent(String json) {
        Instant at = null;
        try {
            JsonNode date = JSON.readTree(json).path("date");
            at = date.isTextual() ? OffsetDateTime.parse(date.asText()).toInstant() : null;
        } catch (JsonProcessingException | DateTimeParseException e) {
            // left undated on purpose: still served, in every window
        }
        events.add(new StoredEvent(seq++, at, null, json));
    }

    public synchronized int eventCount() {
        return events.size();
    }

    /** Audit rows with this action id (the fake's own footprint included), newest first, as served. */
    public synchronized List<JsonNode> eventsWithAction(int actionId) {
        return sorted().stream().filter(e -> e.node() != null && e.node().path("actionId").asInt() == actionId)
                .map(e -> (JsonNode) e.node().deepCopy()).collect(Collectors.toList());
    }

    // ---- plan and failure modes -----------------------------------------------------------------

    /** Plan without the Audit feature: filters ignored, 20 newest events, action text cut to 47 + "...". */
    public synchronized void setPlanLacksAudit(boolean lacks) {
        planLacksAudit = lacks;
    }

    /** The next {@code times} status changes fail with {@code status}; other requests are answered normally. */
    public synchronized void failNextStatusWrite(int status, int times, String retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            statusWriteFailures.add(new Failure(status, retryAfterSeconds, 0));
        }
    }

    /** No free seat: re-enabling a disabled user answers 402, as DocSpace's quota check does. */
    public synchronized void setSeatsFull(boolean full) {
        seatsFull = full;
    }

    /** This user, re-enabled, comes back pending (4): an invitee who never completed the profile. */
    public synchronized void setComesBackPending(String id) {
        comeBackPending.add(id.toLowerCase(Locale.ROOT));
    }

    /** SaaS plan without audit: the filter endpoint answers 402. */
    public synchronized void setPlanRejectsAudit(boolean rejects) {
        planRejectsAudit = rejects;
    }

    /** The next {@code times} requests (any endpoint) fail with this status before reaching the portal. */
    public void failNext(int status, int times) {
        failNext(status, times, null);
    }

    /** As {@link #failNext(int, int)}, with a {@code Retry-After} header (seconds) when not null. */
    public synchronized void failNext(int status, int times, String retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(status, retryAfterSeconds, 0));
        }
    }

    /** The next {@code times} requests are answered normally but only after {@code delay} (timeouts). */
    public synchronized void delayNext(Duration delay, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(0, null, delay.toMillis()));
        }
    }

    // ---- inspection -----------------------------------------------------------------------------

    /** Every audit filter request received, failed ones included. */
    public synchronized int auditRequests() {
        return auditRequests;
    }

    public synchronized List<StatusWrite> statusWrites() {
        return List.copyOf(statusWrites);
    }

    // ---- the portal -----------------------------------------------------------------------------

    private final class Portal implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return handle(serveEvent.getRequest());
        }

        @Override
        public String getName() {
            return "fake-docspace";
        }
    }

    private synchronized ResponseDefinition handle(LoggedRequest request) {
        String path = request.getUrl().replaceFirst("\\?.*", "");
        String method = request.getMethod().getName();
        if (method.equals("GET") && path.equals(AUDIT_PATH)) {
            auditRequests++;
        }
        Failure failure = failures.poll();
        if (failure != null && failure.status() != 0) {
            return toDefinition(injected(failure), 0);
        }
        long delay = failure == null ? 0 : failure.delayMs();
        return toDefinition(route(request, method, path), delay);
    }

    private Answer route(LoggedRequest request, String method, String path) {
        User caller = users.get(selfId);
        // API keys of disabled accounts stop working (SecurityContext: "Account disabled.") → 401.
        if (!("Bearer " + apiKey).equals(request.getHeader("Authorization"))
                || caller == null || caller.status() != Person.ACTIVE) {
            return new Answer(401, "", null, null);
        }
        String href = request.getAbsoluteUrl();
        if (method.equals("GET") && path.equals(AUDIT_PATH)) {
            return audit(request, caller, href);
        }
        if (method.equals("PUT") && path.startsWith(STATUS_PATH)) {
            return updateStatus(request, caller, path.substring(STATUS_PATH.length()), href);
        }
        if (method.equals("GET") && path.startsWith(PEOPLE_PATH) && path.indexOf('/', PEOPLE_PATH.length()) < 0) {
            String id = path.substring(PEOPLE_PATH.length());
            User u = id.equals("@self") ? caller : users.get(id.toLowerCase(Locale.ROOT));
            if (u == null) {
                return error(404, "The user could not be found", "ASC.Common.Web.ItemNotFoundException");
            }
            return success(employee(u), 1, href, "GET");
        }
        return new Answer(404, "", null, null);
    }

    private Answer audit(LoggedRequest request, User caller, String href) {
        if (!caller.admin() && !caller.owner()) {
            return accessDenied();
        }
        if (planRejectsAudit) {
            return error(402, "Your pricing plan does not support this option", "ASC.Core.Billing.BillingException");
        }
        List<StoredEvent> all = sorted();
        if (planLacksAudit) {
            ArrayNode items = JSON.createArrayNode();
            all.stream().limit(FALLBACK_SIZE).forEach(e -> items.add(truncated(e)));
            return success(items, items.size(), href, "GET");
        }
        Map<String, List<String>> invalid = new LinkedHashMap<>();
        Instant from = date(request.queryParameter("from"), "from", invalid);
        Instant to = date(request.queryParameter("to"), "to", invalid);
        int count = integer(request.queryParameter("count"), 100, 1, 100, "Count", invalid);
        int startIndex = integer(request.queryParameter("startIndex"), 0, 0, Integer.MAX_VALUE, "StartIndex", invalid);
        if (!invalid.isEmpty()) {
            return validationProblem(invalid, href);
        }
        StringBuilder items = new StringBuilder("[");
        int served = 0;
        int skipped = 0;
        for (StoredEvent e : all) {
            boolean inWindow = e.at() == null
                    || ((from == null || !e.at().isBefore(from)) && (to == null || !e.at().isAfter(to)));
            if (!inWindow || skipped++ < startIndex) {
                continue;
            }
            if (served == count) {
                break;
            }
            items.append(served++ == 0 ? "" : ",").append(e.node() != null ? e.node().toString() : e.raw());
        }
        return success(items.append(']').toString(), served, href, "GET");
    }

    private Answer updateStatus(LoggedRequest request, User caller, String statusText, String href) {
        List<String> ids = new ArrayList<>();
        JsonNode userIds;
        try {
            userIds = JSON.readTree(request.getBodyAsString()).path("userIds");
        } catch (JsonProcessingException e) {
            userIds = null;
        }
        if (userIds != null && userIds.isArray()) {
            userIds.forEach(id -> ids.add(id.asText()));
        }
        int status = switch (statusText) {
            case "1", "Active" -> Person.ACTIVE;
            case "2", "Terminated" -> Person.DISABLED;
            default -> -1;
        };
        Failure failure = statusWriteFailures.poll();
        Answer answer = failure != null ? injected(failure) : applyStatus(caller, status, userIds, ids, href);
        statusWrites.add(new StatusWrite(status, List.copyOf(ids), answer.status()));
        return answer;
    }

    private Answer applyStatus(User caller, int status, JsonNode userIds, List<String> ids, String href) {
        if (status < 0) {
            return error(400, "Incorrect status", "System.ArgumentException");
        }
        if (userIds == null || !userIds.isArray()) {
            return error(500, "Object reference not set to an instance of an object.", "System.NullReferenceException");
        }
        if (!caller.admin() && !caller.owner()) {
            return accessDenied();
        }
        // DocSpace validates every id before changing anything: one forbidden id fails the whole call.
        List<User> targets = new ArrayList<>();
        for (String id : ids) {
            User u = users.get(id.toLowerCase(Locale.ROOT));
            if (u == null || u.owner() || u.ldap() || u.id().equals(caller.id()) || (u.admin() && !caller.owner())) {
                return accessDenied();
            }
            targets.add(u);
        }
        if (seatsFull && status == Person.ACTIVE && targets.stream().anyMatch(u -> u.status() == Person.DISABLED)) {
            return error(402, "The number of users exceeds the limit of the current pricing plan",
                    "ASC.Core.Tenants.TenantQuotaException");
        }
        ArrayNode response = JSON.createArrayNode();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        for (User u : targets) {
            // Re-enabling acts only on disabled users; disabling ends the user's sessions (6032).
            if (status == Person.DISABLED || u.status() == Person.DISABLED) {
                if (status == Person.DISABLED && u.status() != Person.DISABLED) {
                    addFootprint(now, caller.id(), 6032, List.of(), List.of());
                }
                boolean pending = status == Person.ACTIVE && comeBackPending.contains(u.id());
                users.put(u.id(), u.withStatus(pending ? Person.PENDING : status));
            }
            response.add(employee(users.get(u.id())));
        }
        if (!targets.isEmpty()) {
            addFootprint(now, caller.id(), 4020, targets.stream().map(User::id).toList(), List.of(23));
        }
        // count is 1 whatever the list length (async stream), as DocSpace does: clients must read the array.
        return success(response, 1, href, "PUT");
    }

    private void addFootprint(Instant at, String userId, int actionId, List<String> target, List<Integer> entries) {
        long id = nextEventId++;
        events.add(new StoredEvent(seq++, at, render(id, at, userId, actionId, target, entries), null));
    }

    private List<StoredEvent> sorted() {
        // Newest first; undated raw items first of all; equal dates in reverse insertion order.
        Comparator<StoredEvent> byDate = Comparator.comparing(StoredEvent::at,
                Comparator.nullsFirst(Comparator.<Instant>reverseOrder()));
        List<StoredEvent> copy = new ArrayList<>(events);
        copy.sort(byDate.thenComparing(StoredEvent::seq, Comparator.reverseOrder()));
        return copy;
    }

    private static JsonNode truncated(StoredEvent e) {
        if (e.node() == null) {
            try {
                return JSON.readTree(e.raw());
            } catch (JsonProcessingException ex) {
                return JSON.getNodeFactory().textNode(e.raw());
            }
        }
        ObjectNode copy = e.node().deepCopy();
        String action = copy.path("action").asText("");
        if (action.length() > 50) {
            copy.put("action", action.substring(0, 47) + "...");
        }
        return copy;
    }

    private static Instant date(QueryParameter param, String name, Map<String, List<String>> invalid) {
        if (!param.isPresent()) {
            return null;
        }
        String value = param.firstValue();
        if (!API_DATE.matcher(value).matches()) {
            invalid.put(name, List.of("The value '" + value + "' is not valid."));
            return null;
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    private static int integer(QueryParameter param, int absent, int min, int max, String name,
                               Map<String, List<String>> invalid) {
        if (!param.isPresent()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(param.firstValue());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below like ASP.NET model validation does
        }
        invalid.put(name, List.of("The field " + name + " must be between " + min + " and " + max + "."));
        return absent;
    }

    // ---- rendering ------------------------------------------------------------------------------

    private ObjectNode render(long id, Instant at, String userId, int actionId, List<String> target,
                              List<Integer> entries) {
        User actor = users.get(userId.toLowerCase(Locale.ROOT));
        String userName = actor == null ? "Unknown Account" : actor.name();
        String file = target.isEmpty() ? "" : "document-" + target.get(0) + ".docx";
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("date", WIRE_DATE.format(at.atZone(zone)));
        e.put("user", userName);
        e.put("userId", userId);
        e.put("action", actionText(actionId, file, userName, target));
        e.put("actionId", actionId);
        e.put("ip", "203.0.113.45");
        e.put("country", "Germany");
        e.put("city", "Berlin");
        e.put("browser", "Chrome 124");
        e.put("platform", "Windows 10");
        e.put("actionType", actionType(actionId));
        e.put("product", actionId >= 5000 && actionId < 6000 ? 2 : actionId >= 6000 ? 7 : 8);
        e.put("location", actionId >= 5000 && actionId < 6000 ? 1 : actionId >= 6000 ? 29 : 30);
        if (!target.isEmpty()) {
            target.forEach(e.putArray("target")::add);
        }
        entries.forEach(e.putArray("entries")::add);
        e.put("context", actionId >= 5000 && actionId < 6000 ? "Rooms: Finance"
                : actionId >= 6000 ? "Settings" : "Contacts");
        return e;
    }

    private String actionText(int actionId, String file, String userName, List<String> target) {
        return switch (actionId) {
            case 5000 -> "File Created: " + file;
            case 5001 -> "File Renamed: " + file;
            case 5002 -> "File Updated: " + file;
            case 5009 -> "File Downloaded: " + file;
            case 5011 -> "File Uploaded: " + file;
            case 5017 -> "Files [" + file + "]. Moved To Trash Folder";
            case 5018 -> "File Deleted: " + file;
            case 5034 -> "Users [" + userName + "]. File Updated: " + file;
            case 4020 -> "Users [" + target.stream().map(id -> users.containsKey(id) ? users.get(id).name() : id)
                    .collect(Collectors.joining(", ")) + "]. Updated Status";
            case 6032 -> "Cookie Settings Updated";
            default -> "Action " + actionId + (file.isEmpty() ? "" : ": " + file);
        };
    }

    private static int actionType(int actionId) {
        return switch (actionId) {
            case 5000, 5003, 5035, 5044 -> 1;
            case 5004, 5018, 5119, 5061, 5027 -> 3;
            case 5009, 5010, 5062, 5057 -> 12;
            case 5011, 5099 -> 13;
            case 5013, 5014 -> 14;
            case 5015, 5016, 5017, 5026 -> 15;
            default -> 2;
        };
    }

    private ObjectNode employee(User u) {
        String[] names = u.name().split(" ", 2);
        String userName = u.name().toLowerCase(Locale.ROOT).replace(' ', '.');
        ObjectNode p = JSON.createObjectNode();
        p.put("firstName", names[0]);
        p.put("lastName", names.length > 1 ? names[1] : "");
        p.put("userName", userName);
        p.put("email", userName + "@acme.example");
        p.put("status", u.status());
        p.put("activationStatus", 1);
        p.put("department", "");
        p.put("isAdmin", u.admin());
        p.put("isRoomAdmin", false);
        p.put("isLDAP", u.ldap());
        p.put("isOwner", u.owner());
        p.put("isVisitor", false);
        p.put("isCollaborator", false);
        p.put("cultureName", "en-US");
        p.put("mobilePhoneActivationStatus", 0);
        p.put("isSSO", false);
        p.put("registrationDate", WIRE_DATE.format(Instant.parse("2024-11-02T08:12:44Z").atZone(zone)));
        p.put("id", u.id());
        p.put("displayName", u.name());
        p.put("avatar", "/static/images/default_user_photo_size_82-82.png");
        p.put("profileUrl", "https://acme.onlyoffice.com/accounts/view/" + userName);
        p.put("hasAvatar", false);
        p.put("isAnonim", false);
        return p;
    }

    private static Answer success(JsonNode response, int count, String href, String method) {
        return success(response.toString(), count, href, method);
    }

    private static Answer success(String responseJson, int count, String href, String method) {
        return Answer.json(200, "{\"response\":" + responseJson + ",\"count\":" + count + ",\"links\":"
                + links(href, method) + ",\"status\":0,\"statusCode\":200}");
    }

    private static String links(String href, String method) {
        ArrayNode links = JSON.createArrayNode();
        links.addObject().put("href", href).put("action", method);
        return links.toString();
    }

    private static Answer validationProblem(Map<String, List<String>> errors, String href) {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "https://tools.ietf.org/html/rfc9110#section-15.5.1");
        problem.put("title", "One or more validation errors occurred.");
        problem.put("status", 400);
        ObjectNode errorNode = problem.putObject("errors");
        errors.forEach((k, v) -> v.forEach(errorNode.putArray(k)::add));
        problem.put("traceId", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        return Answer.json(400, "{\"response\":" + problem + ",\"count\":1,\"links\":" + links(href, "GET")
                + ",\"status\":1,\"statusCode\":400}");
    }

    private static Answer accessDenied() {
        return error(403, "Access denied", "System.Security.SecurityException");
    }

    private static Answer error(int status, String message, String type) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("stack", "   at ASC.Api.Core (fake)");
        error.put("hresult", -2146233088);
        body.put("status", 1);
        body.put("statusCode", status);
        return Answer.json(status, body.toString());
    }

    private static Answer injected(Failure failure) {
        int status = failure.status();
        return switch (status) {
            case 401 -> new Answer(401, "", null, null);
            case 402 -> error(402, "Your pricing plan does not support this option", "ASC.Core.Billing.BillingException");
            case 403 -> accessDenied();
            case 429 -> new Answer(429, "", null, failure.retryAfter());
            case 502, 503, 504 -> new Answer(status, "<html><head><title>" + status + "</title></head><body><center><h1>"
                    + status + "</h1></center><hr><center>nginx</center></body></html>", "text/html", failure.retryAfter());
            default -> error(status, "Injected failure", "System.Exception");
        };
    }

    private static ResponseDefinition toDefinition(Answer answer, long delayMs) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition().withStatus(answer.status());
        if (answer.contentType() != null) {
            builder.withHeader("Content-Type", answer.contentType());
        }
        if (answer.retryAfter() != null) {
            builder.withHeader("Retry-After", answer.retryAfter());
        }
        if (!answer.body().isEmpty()) {
            builder.withBody(answer.body());
        }
        if (delayMs > 0) {
            builder.withFixedDelay((int) delayMs);
        }
        return builder.build();
    }
}
