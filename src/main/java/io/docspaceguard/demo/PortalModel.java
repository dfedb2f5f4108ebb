package io.docspaceguard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.docspaceguard.docspace.Person;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DocSpace portal without its transport, as docspace-api.md describes it: accounts and their status, audit rows
 * with their write times, the audit filter (inclusive UTC window, count 1..100 with the 400 validation envelope,
 * startIndex, newest first, zone-less dates rejected), {@code people/@self} and {@code people/{id}}, the atomic
 * {@code PUT people/status/{1|2}} with its 403 rules and 4020/6032 footprint, and the success/error envelopes.
 *
 * <p>One model behind two transports: the demo's {@link SimulatedPortal} (JDK HttpServer) and the tests'
 * WireMock fake. A transport passes each request to {@link #answer} and writes the {@link Answer} back.
 * Plan and quota states (no audit in the plan, no free seat) are portal state and live here too.
 * Thread-safe: everything runs under this object's lock.
 */
public final class PortalModel {
    private static final Logger log = LoggerFactory.getLogger(PortalModel.class);

    public static final String AUDIT_PATH = "/api/2.0/security/audit/events/filter";
    public static final String STATUS_PATH = "/api/2.0/people/status/";
    private static final String PEOPLE_PATH = "/api/2.0/people/";
    public static final String FOLDER_PATH = "/api/2.0/files/folder/";
    public static final String ROOM_PATH = "/api/2.0/files/rooms/";
    public static final String FILE_PATH = "/api/2.0/files/file/";
    // ApiDateTime.Parse takes 0, 3 or 7 fraction digits and needs an explicit zone (§9.1).
    private static final Pattern API_DATE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3}|\\.\\d{7})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Instant REGISTERED = Instant.parse("2024-11-02T08:12:44Z");
    private static final PortalUser.Device NO_DEVICE = new PortalUser.Device("", "", "", null, null);
    /** Plans without the Audit feature serve this many newest rows, whatever the filter. */
    private static final int FALLBACK_SIZE = 20;
    // Newest first; undated raw rows first of all; DocSpace leaves ties unordered, write order makes them repeatable.
    private static final Comparator<Row> NEWEST_FIRST = Comparator
            .comparing(Row::at, Comparator.nullsFirst(Comparator.<Instant>reverseOrder()))
            .thenComparing(Row::seq, Comparator.reverseOrder());

    /** An HTTP answer: a null body is sent empty. */
    public record Answer(int status, String body, Map<String, String> headers) {
        static Answer empty(int status) {
            return new Answer(status, null, Map.of());
        }

        static Answer json(int status, Object body) {
            return new Answer(status, PortalJson.write(body), Map.of("Content-Type", "application/json; charset=utf-8"));
        }
    }

    /**
     * Wraps each status change after its request is parsed: {@code status} is -1 for an unknown one, {@code userIds}
     * as sent (empty when missing). The default just runs {@code change}; a test transport may record or replace it.
     */
    public interface StatusHook {
        Answer around(int status, List<String> userIds, Supplier<Answer> change);
    }

    /**
     * dto is null for a raw row, whose json is served verbatim; at is null when a raw row's date cannot be read. The
     * json of a row with a dto is written once rather than for every page that holds it: in the backfill benchmark the
     * portal shares the cores with the service it answers.
     */
    private record Row(long seq, Instant at, Instant writtenAt, PortalJson.AuditEventDto dto, String json) {
        static Row of(long seq, Instant at, Instant writtenAt, PortalJson.AuditEventDto dto) {
            return new Row(seq, at, writtenAt, dto, PortalJson.write(dto));
        }

        static Row raw(long seq, Instant at, String raw) {
            return new Row(seq, at, null, null, raw);
        }
    }

    private final ZoneId zone;
    private final String apiKey;
    private final Map<String, PortalUser> users = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    /** The rows newest first, kept until the next row is added: a benchmark's portal holds a day of them. */
    private List<Row> newestFirst;
    private final Set<String> comeBackPending = new HashSet<>();
    private Clock clock;
    private String selfId;
    private long nextId = 184_000;
    private long seq;
    private boolean planLacksAudit;
    private boolean planRejectsAudit;
    private boolean seatsFull;
    private final PortalFiles files;
    private StatusHook statusHook = (status, ids, change) -> change.get();

    /**
     * @param clock decides which rows are written yet and dates the status-change footprint
     * @param self  the account the API key belongs to
     */
    public PortalModel(Clock clock, ZoneId zone, PortalUser self) {
        this.clock = clock;
        this.zone = zone;
        this.files = new PortalFiles(zone);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.apiKey = "sk-" + HexFormat.of().formatHex(secret);
        addUser(self);
        selfId = self.id();
    }

    public String apiKey() {
        return apiKey;
    }

    public ZoneId zone() {
        return zone;
    }

    public synchronized void setClock(Clock clock) {
        this.clock = clock;
    }

    // ---- accounts ------------------------------------------------------------------------------

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
        return user(id).map(u -> u.status() == Person.ACTIVE).orElse(false);
    }

    /** Makes the API key belong to this (existing) account. */
    public synchronized void setSelf(String id) {
        selfId = id.toLowerCase(Locale.ROOT);
    }

    // ---- plan and quota ------------------------------------------------------------------------

    /** Plan without the Audit feature: filters ignored, 20 newest rows, action text cut to 47 + "...". */
    public synchronized void setPlanLacksAudit(boolean lacks) {
        planLacksAudit = lacks;
    }

    /** SaaS plan without audit: the filter endpoint answers 402. */
    public synchronized void setPlanRejectsAudit(boolean rejects) {
        planRejectsAudit = rejects;
    }

    /** No free seat: re-enabling a disabled account answers 402, as DocSpace's quota check does. */
    public synchronized void setSeatsFull(boolean full) {
        seatsFull = full;
    }

    /** This account, re-enabled, comes back pending (4): an invitee who never completed the profile. */
    public synchronized void setComesBackPending(String id) {
        comeBackPending.add(id.toLowerCase(Locale.ROOT));
    }

    public synchronized void onStatusChange(StatusHook hook) {
        statusHook = hook;
    }

    // ---- audit rows ----------------------------------------------------------------------------

    /** Stores an audit row under the next id; see {@link #addEvent(long, Instant, Instant, String, int, List, List, String, String)}. */
    /** Adds (or replaces) a folder or room the folder and room info endpoints answer for. */
    public synchronized void addContainer(PortalFiles.Container container) {
        files.addContainer(container);
    }

    /** Deletes a folder or room for good: its info endpoints answer 404 from now on. */
    public synchronized void removeContainer(String id) {
        files.removeContainer(id);
    }

    /** The portal's files: add them, write versions, rename, trash; read with DocSpace's permission rules. */
    public synchronized <T> T files(java.util.function.Function<PortalFiles, T> action) {
        return action.apply(files);
    }

    public synchronized long addEvent(Instant at, Instant writtenAt, String userId, int actionId, List<String> target,
                                      List<Integer> entries, String title, String context) {
        return addEvent(nextId, at, writtenAt, userId, actionId, target, entries, title, context);
    }

    /**
     * Stores an audit row, possibly reusing an id (a duplicated row); returns the id.
     *
     * @param writtenAt when the row appears in answers (late writes); null for at once
     * @param title     the file's title in the action text, or null
     */
    public synchronized long addEvent(long id, Instant at, Instant writtenAt, String userId, int actionId,
                                      List<String> target, List<Integer> entries, String title, String context) {
        nextId = Math.max(nextId, id + 1);
        PortalUser actor = users.get(userId.toLowerCase(Locale.ROOT));
        String userName = actor == null ? "Unknown Account" : actor.displayName();
        PortalUser.Device device = actor == null ? NO_DEVICE : actor.device();
        String action = actionId == Actions.USERS_STATUS_UPDATED
                ? "Users [" + target.stream().map(t -> user(t).map(PortalUser::displayName).orElse(t))
                        .collect(Collectors.joining(", ")) + "]. Updated Status"
                : Actions.text(actionId, title, userName);
        boolean file = actionId >= 5000 && actionId < 6000;
        newestFirst = null;
        rows.add(Row.of(seq++, at, writtenAt, new PortalJson.AuditEventDto(id, PortalJson.date(at, zone), userName,
                userId.toLowerCase(Locale.ROOT), action, actionId, device.ip(), device.country(),
                emptyToNull(device.city()), device.browser(), emptyToNull(device.platform()), Actions.type(actionId),
                file ? 2 : actionId >= 6000 ? 7 : 8, file ? 1 : actionId >= 6000 ? 29 : 30,
                target.isEmpty() ? null : target, entries, context)));
        return id;
    }

    /**
     * A row served verbatim, e.g. a malformed one. Placed in time by its {@code date} when that parses; otherwise it
     * matches every window and sorts first.
     */
    public synchronized void addRawEvent(String json) {
        Instant at = null;
        try {
            JsonNode date = PortalJson.mapper().readTree(json).path("date");
            at = date.isTextual() ? OffsetDateTime.parse(date.asText()).toInstant() : null;
        } catch (IOException | DateTimeParseException e) {
            // left undated on purpose: still served, in every window
        }
        newestFirst = null;
        rows.add(Row.raw(seq++, at, json));
    }

    public synchronized int eventCount() {
        return rows.size();
    }

    /** Rows with this action id (the status-change footprint included), newest first, as served. */
    public synchronized List<JsonNode> eventsWithAction(int actionId) {
        return rows.stream().filter(r -> r.dto() != null && r.dto().actionId() == actionId).sorted(NEWEST_FIRST)
                .map(r -> PortalJson.mapper().<JsonNode>valueToTree(r.dto())).toList();
    }

    // ---- requests ------------------------------------------------------------------------------

    /**
     * Answers one request.
     *
     * @param rawQuery      the query string as sent (still URL-encoded), or null
     * @param href          the request's absolute URL, echoed in the envelope's links
     * @param authorization the Authorization header, or null
     */
    public synchronized Answer answer(String method, String path, String rawQuery, String body, String href,
                                      String authorization) {
        PortalUser caller = users.get(selfId);
        // No custom challenge in DocSpace: a missing or wrong key is a bare 401 (§1.2), and so is the key of a
        // disabled account (SecurityContext: "Account disabled.").
        byte[] expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        if (authorization == null || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))
                || caller == null || caller.status() != Person.ACTIVE) {
            return Answer.empty(401);
        }
        if (method.equals("GET") && path.equals(AUDIT_PATH)) {
            return audit(caller, query(rawQuery), href);
        }
        if (method.equals("PUT") && path.startsWith(STATUS_PATH)) {
            return changeStatus(caller, path.substring(STATUS_PATH.length()), body, href);
        }
        if (method.equals("GET") && (path.startsWith(FOLDER_PATH) || path.startsWith(ROOM_PATH))) {
            return reply(files.container(caller.id(), path.substring(path.lastIndexOf('/') + 1)), href);
        }
        if (method.equals("POST") && path.startsWith(FILE_PATH) && path.endsWith("/restoreversion")) {
            String id = path.substring(FILE_PATH.length(), path.length() - "/restoreversion".length());
            int version = integer(query(rawQuery).get("version"), 0, 0, Integer.MAX_VALUE, "version", new HashMap<>());
            PortalFiles.Reply reply = files.restoreVersion(id, version, caller.id(), clock.instant());
            if (reply.status() == 200) {
                footprint(caller, Actions.FILE_RESTORE_VERSION, id);
            }
            return reply(reply, href);
        }
        if (method.equals("PUT") && path.startsWith(FILE_PATH) && path.indexOf('/', FILE_PATH.length()) < 0) {
            String title = titleIn(body);
            if (title == null) {
                return error(400, "title is required", "System.ArgumentException");
            }
            String id = path.substring(FILE_PATH.length());
            PortalFiles.Reply reply = files.renameByApi(id, title, caller.id(), clock.instant(), this::person);
            if (reply.status() == 200) {
                footprint(caller, Actions.FILE_RENAMED, id);
            }
            return reply(reply, href);
        }
        if (method.equals("GET") && path.startsWith(FILE_PATH)) {
            String rest = path.substring(FILE_PATH.length());
            if (rest.endsWith("/history")) {
                return reply(files.history(rest.substring(0, rest.length() - "/history".length()), this::person), href);
            }
            if (rest.indexOf('/') < 0) {
                return reply(files.info(caller.id(), rest, this::person), href);
            }
        }
        if (method.equals("GET") && path.startsWith(PEOPLE_PATH) && path.indexOf('/', PEOPLE_PATH.length()) < 0) {
            String id = path.substring(PEOPLE_PATH.length());
            PortalUser user = id.equals("@self") ? caller : users.get(id.toLowerCase(Locale.ROOT));
            return user == null
                    ? error(404, "The user could not be found", "ASC.Common.Web.ItemNotFoundException")
                    : Answer.json(200, PortalJson.Envelope.ok(employee(user), 1, href, "GET"));
        }
        return Answer.empty(404);
    }

    /** The audit row DocSpace writes for a file the caller changed through the API (5044 restore, 5001 rename). */
    private void footprint(PortalUser caller, int actionId, String fileId) {
        String title = files.file(fileId).map(f -> f.current().title()).orElse(null);
        addEvent(clock.instant(), null, caller.id(), actionId, List.of(fileId), List.of(1), title, "Rooms: Finance");
    }

    private static String titleIn(String body) {
        try {
            JsonNode json = PortalJson.mapper().readTree(body == null ? "" : body);
            return json != null && json.path("title").isTextual() ? json.path("title").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Answer reply(PortalFiles.Reply reply, String href) {
        return reply.status() == 200 ? Answer.json(200, PortalJson.Envelope.ok(reply.body(), 1, href, "GET"))
                : error(reply.status(), reply.message(), reply.type());
    }

    /** A user as file answers show them (created/updated by); null for an id the portal does not know. */
    private PortalJson.EmployeeDto person(String id) {
        PortalUser user = users.get(id);
        return user == null ? null : employee(user);
    }

    private Answer audit(PortalUser caller, Map<String, String> query, String href) {
        if (!caller.admin() && !caller.owner()) {
            return accessDenied();
        }
        if (planRejectsAudit) {
            return planLacksOption();
        }
        Instant now = clock.instant();
        if (newestFirst == null) {
            newestFirst = rows.stream().sorted(NEWEST_FIRST).toList();
        }
        if (planLacksAudit) {
            List<JsonNode> items = newestFirst.stream().filter(r -> written(r, now)).limit(FALLBACK_SIZE)
                    .map(PortalModel::truncated).toList();
            return Answer.json(200, PortalJson.Envelope.ok(items, items.size(), href, "GET"));
        }
        Map<String, List<String>> invalid = new LinkedHashMap<>();
        Instant from = date(query.get("from"), "from", invalid);
        Instant to = date(query.get("to"), "to", invalid);
        int count = integer(query.get("count"), 100, 1, 100, "Count", invalid);
        int startIndex = integer(query.get("startIndex"), 0, 0, Integer.MAX_VALUE, "StartIndex", invalid);
        if (!invalid.isEmpty()) {
            return Answer.json(400, PortalJson.Problem.envelope(invalid, href));
        }
        // Undated rows come first and match every window; the dated ones from the newest at or before `to` on.
        int undated = (int) newestFirst.stream().takeWhile(r -> r.at() == null).count();
        int newest = to == null ? undated : firstAtOrBefore(to, undated);
        List<String> page = java.util.stream.Stream.concat(newestFirst.subList(0, undated).stream(),
                        newestFirst.subList(newest, newestFirst.size()).stream()
                                .takeWhile(r -> from == null || !r.at().isBefore(from)))
                .filter(r -> written(r, now))
                .skip(startIndex)
                .limit(count)
                .map(Row::json)
                .toList();
        return Answer.json(200, PortalJson.Envelope.ok(new RawValue("[" + String.join(",", page) + "]"), page.size(),
                href, "GET"));
    }

    private static boolean written(Row r, Instant now) {
        return r.writtenAt() == null || !r.writtenAt().isAfter(now);
    }

    /** The index of the first dated row (newest first, from {@code low} on) dated at or before {@code to}. */
    private int firstAtOrBefore(Instant to, int low) {
        int high = newestFirst.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (newestFirst.get(middle).at().isAfter(to)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private Answer changeStatus(PortalUser caller, String statusText, String body, String href) {
        int status = switch (statusText) {
            case "1", "Active" -> Person.ACTIVE;
            case "2", "Terminated" -> Person.DISABLED;
            default -> -1;
        };
        JsonNode userIds;
        try {
            userIds = PortalJson.mapper().readTree(body == null ? "" : body).path("userIds");
        } catch (IOException e) {
            userIds = null;
        }
        List<String> ids = new ArrayList<>();
        if (userIds != null && userIds.isArray()) {
            userIds.forEach(id -> ids.add(id.asText()));
        }
        boolean listed = userIds != null && userIds.isArray();
        return statusHook.around(status, List.copyOf(ids), () -> applyStatus(caller, status, listed, ids, href));
    }

    private Answer applyStatus(PortalUser caller, int status, boolean listed, List<String> ids, String href) {
        if (status < 0) {
            return error(400, "Incorrect status", "System.ArgumentException");
        }
        if (!listed) {
            // DocSpace dereferences the missing list (§6.2).
            return error(500, "Object reference not set to an instance of an object.", "System.NullReferenceException");
        }
        if (!caller.admin() && !caller.owner()) {
            return accessDenied();
        }
        // Every id is checked before anything changes: one forbidden id fails the whole call.
        List<PortalUser> targets = new ArrayList<>();
        for (String id : ids) {
            PortalUser user = users.get(id.toLowerCase(Locale.ROOT));
            if (user == null || user.owner() || user.ldap() || user.id().equals(caller.id())
                    || (user.admin() && !caller.owner())) {
                return accessDenied();
            }
            targets.add(user);
        }
        if (seatsFull && status == Person.ACTIVE && targets.stream().anyMatch(u -> u.status() == Person.DISABLED)) {
            return error(402, "The number of users exceeds the limit of the current pricing plan",
                    "ASC.Core.Tenants.TenantQuotaException");
        }
        Instant now = clock.instant();
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        List<PortalJson.EmployeeDto> answer = new ArrayList<>();
        for (PortalUser user : targets) {
            // Re-enabling acts only on disabled accounts; disabling ends the user's sessions (6032).
            if (status == Person.DISABLED && user.status() != Person.DISABLED) {
                addEvent(second, now, caller.id(), Actions.SESSIONS_ENDED, List.of(), List.of(), null, "Settings");
                user = user.withStatus(status);
            } else if (status == Person.ACTIVE && user.status() == Person.DISABLED) {
                user = user.withStatus(comeBackPending.contains(user.id()) ? Person.PENDING : status);
            }
            users.put(user.id(), user);
            answer.add(employee(user));
            log.info("simulated portal: user={} status={}", user.displayName(), user.status());
        }
        if (!targets.isEmpty()) {
            addEvent(second, now, caller.id(), Actions.USERS_STATUS_UPDATED,
                    targets.stream().map(PortalUser::id).toList(), List.of(23), null, "Contacts");
        }
        // count is 1 whatever the length: DocSpace cannot count the async stream it answers with (§1.1).
        return Answer.json(200, PortalJson.Envelope.ok(answer, 1, href, "PUT"));
    }

    private PortalJson.EmployeeDto employee(PortalUser u) {
        return new PortalJson.EmployeeDto(u.firstName(), u.lastName(), u.userName(), u.userName() + "@acme.example",
                u.status(), 1, "", u.admin(), false, u.ldap(), u.owner(), false, false, "en-US", 0, false,
                PortalJson.date(REGISTERED, zone), u.id(), u.displayName(),
                "/static/images/default_user_photo_size_82-82.png",
                "https://acme.onlyoffice.com/accounts/view/" + u.userName(), false, false);
    }

    private static JsonNode truncated(Row r) {
        if (r.dto() == null) {
            try {
                return PortalJson.mapper().readTree(r.json());
            } catch (IOException e) {
                return PortalJson.mapper().getNodeFactory().textNode(r.json());
            }
        }
        ObjectNode copy = PortalJson.mapper().valueToTree(r.dto());
        String action = copy.path("action").asText("");
        if (action.length() > 50) {
            copy.put("action", action.substring(0, 47) + "...");
        }
        return copy;
    }

    // ---- envelopes and query validation --------------------------------------------------------

    public static Answer error(int status, String message, String type) {
        return Answer.json(status, PortalJson.ErrorEnvelope.of(status, message, type));
    }

    public static Answer accessDenied() {
        return error(403, "Access denied", "System.Security.SecurityException");
    }

    public static Answer planLacksOption() {
        return error(402, "Your pricing plan does not support this option", "ASC.Core.Billing.BillingException");
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
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
