package io.docspaceguard.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.docspaceguard.docspace.Person;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's DocSpace portal: a {@link PortalModel} served over HTTP. Audit rows become visible at their own
 * write time, so late rows behave as DocSpace's asynchronous writer.
 *
 * <p>Served by the JDK's {@code com.sun.net.httpserver} rather than Javalin: it stands in for an outside
 * system, Javalin stays confined to the service's own http package, and four routes need no framework.
 * Thread-safe: the HTTP threads and the simulator share the model, which has its own lock.
 */
public final class SimulatedPortal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedPortal.class);

    /** The account the demo API key belongs to: a DocSpace admin, as the service needs. */
    public static final String SERVICE_ACCOUNT_ID = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");

    static final String AUDIT_PATH = PortalModel.AUDIT_PATH;

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

    private final PortalModel model;
    private Duration latency = Duration.ZERO;
    private volatile PortalLimiter limiter;
    private final java.util.concurrent.atomic.AtomicLong auditRequests = new java.util.concurrent.atomic.AtomicLong();
    private HttpServer server;
    private ExecutorService threads;
    private String baseUrl;

    /** @param clock decides which rows are written yet and dates the status-change footprint */
    public SimulatedPortal(Clock clock, ZoneId zone) {
        model = new PortalModel(clock, zone, new PortalUser(SERVICE_ACCOUNT_ID, "DocSpace", "Guard", true, false,
                false, Person.ACTIVE, new PortalUser.Device("127.0.0.1", "", "", "docspace-guard", "")));
    }

    /** Listens on 127.0.0.1 only: the demo key must not be usable from another machine. Port 0 picks one. */
    public synchronized SimulatedPortal start(int port) {
        return start(port, Duration.ZERO);
    }

    /**
     * As above, answering each request only after {@code latency} (as a distant portal does), with threads enough
     * for DocSpace's 50 concurrent reads: for benchmarks.
     */
    public synchronized SimulatedPortal start(int port, Duration latency) {
        this.latency = latency;
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("simulated portal cannot listen on 127.0.0.1:" + port, e);
        }
        threads = Executors.newFixedThreadPool(latency.isZero() ? 2 : 64, r -> {
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

    /**
     * Switches DocSpace's rate limiter on with these numbers, afresh, or off with null (off until called); returns
     * it, to read its counts, or null.
     */
    public PortalLimiter limit(PortalLimiter.Settings settings) {
        PortalLimiter on = settings == null ? null : new PortalLimiter(settings);
        limiter = on;
        return on;
    }

    /** Audit filter requests answered so far (the limiter's 429s included). */
    public long auditRequests() {
        return auditRequests.get();
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
        return model.apiKey();
    }

    public ZoneId zone() {
        return model.zone();
    }

    /** Adds or replaces an account. */
    public void addUser(PortalUser user) {
        model.addUser(user);
    }

    public Optional<PortalUser> user(String id) {
        return model.user(id);
    }

    public List<PortalUser> users() {
        return model.users();
    }

    /** Whether the account exists and is active: only active accounts can act on the portal. */
    public boolean isActive(String id) {
        return model.isActive(id);
    }

    /**
     * Stores an audit row and what it does to the file's versions and trash, so a recovery plan reads what
     * happened; returns the row's id. Dates are whole seconds, as on MySQL installs and SaaS (§9.1).
     */
    public long write(Write w) {
        if (w.fileId() != null) {
            model.files(files -> {
                applyToFile(files, w);
                return null;
            });
        }
        List<String> target = w.fileId() == null ? List.of() : List.of(w.fileId());
        return model.addEvent(w.at().truncatedTo(ChronoUnit.SECONDS), w.writtenAt(), w.userId(), w.actionId(),
                target, w.fileId() == null ? List.of() : List.of(1), w.title(), w.context());
    }

    /**
     * Stores only the audit row, leaving the files alone: for benchmarks whose trail nobody recovers, where keeping
     * a day of file versions would cost more than the trail. Returns the row's id.
     */
    public long writeAudit(Instant at, String userId, int actionId, List<String> target, List<Integer> entries,
                           String title, String context) {
        return model.addEvent(at.truncatedTo(ChronoUnit.SECONDS), null, userId, actionId, target, entries, title,
                context);
    }

    /**
     * A file the simulation touches for the first time existed before it: the portal owner made it the day before.
     * Saves and uploads over it add a version, a rename renames the current one, trashing moves it to the actor's
     * trash, a deletion removes it.
     */
    private void applyToFile(PortalFiles files, Write w) {
        if (files.file(w.fileId()).isEmpty()) {
            if (w.actionId() == Actions.FILE_DELETED) {
                return;
            }
            String owner = model.users().stream().filter(PortalUser::owner).map(PortalUser::id).findFirst()
                    .orElse(w.userId());
            files.addFile(w.fileId(), "room", w.title(), owner, w.at().minus(Duration.ofDays(1)));
        }
        switch (w.actionId()) {
            case Actions.FILE_UPDATED, Actions.USER_FILE_UPDATED, Actions.FILE_UPLOADED_WITH_OVERWRITING ->
                    files.overwrite(w.fileId(), w.userId(), w.at());
            case Actions.FILE_RENAMED -> files.rename(w.fileId(), w.title(), w.userId(), w.at());
            case Actions.FILE_MOVED_TO_TRASH -> files.trash(w.fileId(), w.userId());
            case Actions.FILE_DELETED -> files.delete(w.fileId());
            default -> { }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (AUDIT_PATH.equals(exchange.getRequestURI().getRawPath())) {
            auditRequests.incrementAndGet();
        }
        PortalLimiter limits = limiter;
        PortalLimiter.Admission admission = limits == null ? null : limits.admit(method);
        try {
            if (!latency.isZero()) {
                try {
                    Thread.sleep(latency.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (admission != null && !admission.admitted()) {
                // The limiter answers before DocSpace handles anything, with no body (docspace-api.md §7.2).
                admission.headers().forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(429, -1);
                return;
            }
            PortalModel.Answer answer;
            try (InputStream in = exchange.getRequestBody()) {
                answer = model.answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        baseUrl + exchange.getRequestURI(), exchange.getRequestHeaders().getFirst("Authorization"));
            } catch (RuntimeException e) {
                log.error("simulated portal failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                answer = PortalModel.error(500, "Internal error of the simulated portal", e.getClass().getName());
            }
            byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            if (admission != null) {
                admission.headers().forEach(exchange.getResponseHeaders()::set);
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            if (admission != null && admission.admitted()) {
                limits.done(method);
            }
            exchange.close();
        }
    }
}
