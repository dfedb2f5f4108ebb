package io.docspaceguard.docspace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.docspaceguard.demo.PortalFiles;
import io.docspaceguard.demo.PortalModel;
import io.docspaceguard.demo.PortalModel.Answer;
import io.docspaceguard.demo.PortalUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stateful in-process DocSpace portal for tests: the main code's {@link PortalModel} (envelope, audit filter,
 * people lookups, atomic status changes with their 4020/6032 footprint) served by WireMock, plus what only tests
 * need: failure injection, delays and request inspection.
 *
 * <p>By default the caller is {@link #SERVICE_USER_ID}, a DocSpace admin. All methods are thread-safe.
 */
public final class FakeDocSpace implements AutoCloseable {
    /** The account the API key belongs to unless {@link #setSelf} says otherwise. */
    public static final String SERVICE_USER_ID = "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");
    private static final PortalUser.Device DEVICE =
            new PortalUser.Device("203.0.113.45", "Germany", "Berlin", "Chrome 124", "Windows 10");

    /** One {@code PUT /people/status/{status}} as received, and the HTTP status the fake answered. */
    public record StatusWrite(int status, List<String> userIds, int httpStatus) {
    }

    private record Failure(int status, String retryAfter, long delayMs) {
    }

    private final PortalModel model;
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final List<StatusWrite> statusWrites = new ArrayList<>();
    private final Deque<Failure> statusWriteFailures = new ArrayDeque<>();
    private WireMockServer server;
    private int auditRequests;
    private final Set<String> auditQueries = new HashSet<>();
    /** Set by the status hook while answering: how long the current status write's answer is held back. */
    private long statusWriteDelayMs;

    public FakeDocSpace() {
        this(DEFAULT_ZONE);
    }

    /** @param zone the portal's time zone: event dates are rendered with its offset */
    public FakeDocSpace(ZoneId zone) {
        model = new PortalModel(Clock.systemUTC(), zone, user(SERVICE_USER_ID, "Guard Service", true, false));
        model.onStatusChange((status, ids, change) -> {
            synchronized (this) {
                Failure failure = statusWriteFailures.poll();
                statusWriteDelayMs = failure == null ? 0 : failure.delayMs();
                Answer answer = failure != null && failure.status() != 0 ? injected(failure) : change.get();
                statusWrites.add(new StatusWrite(status, ids, answer.status()));
                return answer;
            }
        });
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
        return model.apiKey();
    }

    public ZoneId zone() {
        return model.zone();
    }

    /** Clock for the audit events the status endpoint writes (4020, 6032). */
    public void setClock(Clock clock) {
        model.setClock(clock);
    }

    // ---- users ----------------------------------------------------------------------------------

    /** Adds (or replaces) an active user. */
    public void addUser(String id, String name, boolean admin, boolean owner) {
        model.addUser(user(id, name, admin, owner));
    }

    /** Marks a user as synchronised from LDAP (DocSpace refuses to change their status). */
    public void setLdap(String id, boolean ldap) {
        PortalUser u = existing(id);
        model.addUser(new PortalUser(u.id(), u.firstName(), u.lastName(), u.admin(), u.owner(), ldap, u.status(),
                u.device()));
    }

    /** Sets a user's status directly, as if an admin had used the UI. */
    public void setStatus(String id, int status) {
        PortalUser u = existing(id);
        model.addUser(new PortalUser(u.id(), u.firstName(), u.lastName(), u.admin(), u.owner(), u.ldap(), status,
                u.device()));
    }

    /** Makes the API key belong to this (existing) user. */
    public void setSelf(String id) {
        model.setSelf(existing(id).id());
    }

    public int statusOf(String userId) {
        return existing(userId).status();
    }

    private static PortalUser user(String id, String name, boolean admin, boolean owner) {
        String[] names = name.split(" ", 2);
        return new PortalUser(id, names[0], names.length > 1 ? names[1] : "", admin, owner, false, Person.ACTIVE,
                DEVICE);
    }

    private PortalUser existing(String id) {
        return model.user(id).orElseThrow(() -> new IllegalArgumentException("no user " + id + "; addUser first"));
    }

    // ---- audit events ---------------------------------------------------------------------------

    /** A settings-like event: no target, no entries. Returns the event id. */
    /**
     * A folder or room the folder and room info endpoints answer for, holding {@code files} files in its subtree;
     * {@code trashOf}: the user whose trash holds it (only they may read it), or null.
     */
    public void addContainer(String id, String title, int files, int folders, String trashOf) {
        model.addContainer(new PortalFiles.Container(id, title, files, folders, trashOf));
    }

    // ---- files with versions and trash ----------------------------------------------------------

    /** A file that exists before the test's activity, with one version made by {@code owner} at {@code at}. */
    public void addFile(String id, String title, String owner, Instant at) {
        model.files(f -> {
            f.addFile(id, "room-1", title, owner, at);
            return null;
        });
    }

    /** {@code user} uploads new content over the file (a new version) at {@code at}; audit event 5099. */
    public void overwriteFile(String id, String user, Instant at) {
        String title = model.files(f -> {
            f.overwrite(id, user, at);
            return f.file(id).orElseThrow().current().title();
        });
        model.addEvent(at, null, user, 5099, List.of(id), List.of(1), title, context(5099));
    }

    /** {@code user} renames the file at {@code at} (the current version's title changes); audit event 5001. */
    public void renameFile(String id, String title, String user, Instant at) {
        model.files(f -> {
            f.rename(id, title, user, at);
            return null;
        });
        model.addEvent(at, null, user, 5001, List.of(id), List.of(1), title, context(5001));
    }

    /** {@code user} moves the file to their own trash at {@code at}; audit event 5017. */
    public void trashFile(String id, String user, Instant at) {
        String title = model.files(f -> {
            f.trash(id, user);
            return f.file(id).orElseThrow().current().title();
        });
        model.addEvent(at, null, user, 5017, List.of(id), List.of(1), title, context(5017));
    }

    /** Locks the file, or marks it open in the editor: DocSpace refuses to restore it then. */
    public void setFileBusy(String id, boolean locked, boolean editing) {
        model.files(f -> {
            f.lock(id, locked);
            f.edit(id, editing);
            return null;
        });
    }

    /** Every restore and rename the portal took, in order. */
    public List<PortalFiles.Write> fileWrites() {
        return model.files(PortalFiles::writes);
    }

    /** Whether the file lies in a trash now. */
    public boolean inTrash(String id) {
        return model.files(f -> f.file(id).map(file -> file.trashOf() != null).orElse(false));
    }

    /** The file's versions, oldest first, as the portal holds them now. */
    public List<PortalFiles.Version> versions(String id) {
        return model.files(f -> List.copyOf(f.file(id).orElseThrow().versions()));
    }

    /** A folder event (5026 trashed, 5027 deleted, 5057 downloaded) with DocSpace's text naming it. */
    public long addFolderEvent(Instant at, String userId, int actionId, String folderId, String title) {
        return model.addEvent(at, null, userId, actionId, List.of(folderId), List.of(2), title, context(actionId));
    }

    public long addEvent(Instant at, String userId, int actionId) {
        return addEvent(at, userId, actionId, null);
    }

    /** A file event ({@code entries [1]}, {@code target [fileId]}), or no target when fileId is null. */
    public long addEvent(Instant at, String userId, int actionId, String fileId) {
        List<String> target = fileId == null ? List.of() : List.of(fileId);
        return model.addEvent(at, null, userId, actionId, target, fileId == null ? List.of() : List.of(1),
                title(target), context(actionId));
    }

    /** Full control, including reusing an id (e.g. to mimic a duplicated row). */
    public long addEvent(long id, Instant at, String userId, int actionId, List<String> target,
                         List<Integer> entries) {
        return model.addEvent(id, at, null, userId, actionId, target, entries, title(target), context(actionId));
    }

    private static String title(List<String> target) {
        return target.isEmpty() ? null : "document-" + target.get(0) + ".docx";
    }

    private static String context(int actionId) {
        return actionId >= 5000 && actionId < 6000 ? "Rooms: Finance" : actionId >= 6000 ? "Settings" : "Contacts";
    }

    /**
     * An item served verbatim, e.g. a malformed one. Placed in time by its {@code date} when that parses;
     * otherwise it matches every window and sorts first.
     */
    public void addRawEvent(String json) {
        model.addRawEvent(json);
    }

    public int eventCount() {
        return model.eventCount();
    }

    /** Audit rows with this action id (the fake's own footprint included), newest first, as served. */
    public List<JsonNode> eventsWithAction(int actionId) {
        return model.eventsWithAction(actionId);
    }

    // ---- plan and failure modes -----------------------------------------------------------------

    /** Plan without the Audit feature: filters ignored, 20 newest events, action text cut to 47 + "...". */
    public void setPlanLacksAudit(boolean lacks) {
        model.setPlanLacksAudit(lacks);
    }

    /** SaaS plan without audit: the filter endpoint answers 402. */
    public void setPlanRejectsAudit(boolean rejects) {
        model.setPlanRejectsAudit(rejects);
    }

    /** No free seat: re-enabling a disabled user answers 402, as DocSpace's quota check does. */
    public void setSeatsFull(boolean full) {
        model.setSeatsFull(full);
    }

    /** This user, re-enabled, comes back pending (4): an invitee who never completed the profile. */
    public void setComesBackPending(String id) {
        model.setComesBackPending(id);
    }

    /** The next {@code times} status changes fail with {@code status}; other requests are answered normally. */
    public synchronized void failNextStatusWrite(int status, int times, String retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            statusWriteFailures.add(new Failure(status, retryAfterSeconds, 0));
        }
    }

    /** The next status change is made, but its answer comes only after {@code delay} (a lost answer). */
    public synchronized void delayNextStatusWrite(Duration delay) {
        statusWriteFailures.add(new Failure(0, null, delay.toMillis()));
    }

    /** The next status change is not made and answered with a 504 only after {@code delay}. */
    public synchronized void loseNextStatusWrite(Duration delay) {
        statusWriteFailures.add(new Failure(504, null, delay.toMillis()));
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

    /** Injected failures and delays not yet served. */
    public synchronized int pendingFailures() {
        return failures.size();
    }

    /** Every audit filter request received, failed ones included. */
    public synchronized int auditRequests() {
        return auditRequests;
    }

    /** The different audit queries asked: a page asked again (a retry after a dropped connection) counts once. */
    public synchronized int distinctAuditQueries() {
        return auditQueries.size();
    }

    public synchronized List<StatusWrite> statusWrites() {
        return List.copyOf(statusWrites);
    }

    // ---- the transport --------------------------------------------------------------------------

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

    // Lock order is always fake, then model: the status hook runs inside answer() and takes this lock again.
    private synchronized ResponseDefinition handle(LoggedRequest request) {
        String[] url = request.getUrl().split("\\?", 2);
        String method = request.getMethod().getName();
        if (method.equals("GET") && url[0].equals(PortalModel.AUDIT_PATH)) {
            auditRequests++;
            auditQueries.add(url.length > 1 ? url[1] : "");
        }
        Failure failure = failures.poll();
        if (failure != null && failure.status() != 0) {
            return toDefinition(injected(failure), 0);
        }
        statusWriteDelayMs = 0;
        Answer answer = model.answer(method, url[0], url.length > 1 ? url[1] : null, request.getBodyAsString(),
                request.getAbsoluteUrl(), request.getHeader("Authorization"));
        return toDefinition(answer, failure == null ? statusWriteDelayMs : failure.delayMs());
    }

    private static Answer injected(Failure failure) {
        int status = failure.status();
        Map<String, String> headers = new HashMap<>();
        if (failure.retryAfter() != null) {
            headers.put("Retry-After", failure.retryAfter());
        }
        return switch (status) {
            case 401 -> new Answer(401, null, Map.of());
            case 402 -> PortalModel.planLacksOption();
            case 403 -> PortalModel.accessDenied();
            case 429 -> new Answer(429, null, headers);
            case 502, 503, 504 -> {
                headers.put("Content-Type", "text/html");
                yield new Answer(status, "<html><head><title>" + status + "</title></head><body><center><h1>" + status
                        + "</h1></center><hr><center>nginx</center></body></html>", headers);
            }
            default -> PortalModel.error(status, "Injected failure", "System.Exception");
        };
    }

    private static ResponseDefinition toDefinition(Answer answer, long delayMs) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition().withStatus(answer.status());
        answer.headers().forEach(builder::withHeader);
        if (answer.body() != null && !answer.body().isEmpty()) {
            builder.withBody(answer.body());
        }
        if (delayMs > 0) {
            builder.withFixedDelay((int) delayMs);
        }
        return builder.build();
    }
}
