package io.docspaceguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.docspaceguard.demo.PortalUser;
import io.docspaceguard.demo.SimulatedPortal;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.docspace.WebhookSignature;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Detection latency in real time, with the service's default schedule: accounts overwrite files one after another
 * at moments spread over the scan interval, each audit row appearing a second after its action (DocSpace writes
 * them asynchronously), and the time from each burst's 21st file (the one that crosses {@code bulk-file-changes}'
 * limit) to its incident opened and to its alert arriving at a webhook is measured. Run once by polling alone and
 * once with DocSpace's webhook pushing every action as it happens.
 */
public final class DetectionLatencyBenchmark {
    /** bulk-file-changes counts more than 20 files: the 21st crosses the limit. */
    static final int CROSSING_FILE = 21;
    private static final int FILES_PER_BURST = 30;
    private static final Duration FILE_EVERY = Duration.ofMillis(200);
    private static final Duration AUDIT_WRITE_DELAY = Duration.ofSeconds(1);
    private static final String OWNER = "0f1e2d3c-4b5a-4697-8877-665544332211";
    private static final String TOKEN = "bench-viewer-token-0123456789";
    private static final String SECRET = "bench-webhook-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One burst: when its limit was crossed, and when the service opened and announced its incident. */
    public record Burst(String userId, Instant crossed, Instant opened, Instant alerted) {
        Duration toOpened() {
            return opened == null ? null : Duration.between(crossed, opened);
        }

        Duration toAlerted() {
            return alerted == null ? null : Duration.between(crossed, alerted);
        }
    }

    public record Result(boolean pushed, Duration interval, Duration lag, List<Burst> bursts) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final Duration scanInterval;
    private final Duration scanLag;

    /**
     * @param scanInterval how often the service scans; the benchmark measures the shipped default
     * @param scanLag      how far behind now each scan reads
     */
    public DetectionLatencyBenchmark(Duration scanInterval, Duration scanLag) {
        this.scanInterval = scanInterval;
        this.scanLag = scanLag;
    }

    /** Runs {@code bursts} bursts spread over the scan interval and waits for their incidents. */
    public Result run(int bursts, boolean push, Duration portalLatency, long seed) throws IOException,
            InterruptedException {
        Clock clock = Clock.systemUTC();
        SimulatedPortal portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE).start(0, portalLatency);
        PortalUser.Device device = new PortalUser.Device("203.0.113.9", "Germany", "Berlin", "Chrome 124", "Windows 10");
        portal.addUser(new PortalUser(OWNER, "Olga", "Owner", false, true, false, Person.ACTIVE, device));
        List<String> users = new ArrayList<>();
        for (int b = 0; b < bursts; b++) {
            String id = UUID.nameUUIDFromBytes(("burst-" + seed + "-" + b).getBytes(StandardCharsets.UTF_8)).toString();
            portal.addUser(new PortalUser(id, "Burst", "User " + b, false, false, false, Person.ACTIVE, device));
            users.add(id);
        }
        Map<String, Instant> alertedByUser = new ConcurrentHashMap<>();
        HttpServer alertSink = alertSink(alertedByUser);
        Map<String, String> env = new HashMap<>();
        env.put("DOCSPACE_API_HOST", portal.baseUrl());
        env.put("DOCSPACE_API_KEY", portal.apiKey());
        env.put("GUARD_DB_URL", "jdbc:h2:mem:latency-bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        env.put("GUARD_SCAN_INTERVAL", scanInterval.toString());
        env.put("GUARD_SCAN_LAG", scanLag.toString());
        env.put("GUARD_INITIAL_LOOKBACK", "PT5M");
        env.put("GUARD_API_TOKENS", "bench:viewer:" + TOKEN);
        env.put("GUARD_ALERT_WEBHOOK_URL", "http://127.0.0.1:" + alertSink.getAddress().getPort() + "/alerts");
        if (push) {
            env.put("GUARD_WEBHOOK_SECRET", SECRET);
        }
        ScheduledExecutorService actions = Executors.newScheduledThreadPool(4);
        Path log = Files.createTempFile("bench-latency-service", ".log");
        try (ServiceProcess service = ServiceProcess.start(RecommendedJvm.OPTIONS, ServiceProcess.onlySettings(env),
                log)) {
            String base = service.baseUrl();
            Thread.sleep(scanInterval.toMillis()); // the first scans have read the empty look-back
            Random random = new Random(seed);
            Instant first = clock.instant().plusSeconds(2);
            Map<String, Instant> crossedByUser = new ConcurrentHashMap<>();
            AtomicLong deliveryIds = new AtomicLong(1);
            long spacingMillis = scanInterval.toMillis() * 3 / 2;
            for (int b = 0; b < bursts; b++) {
                String user = users.get(b);
                // Spread the starts over the schedule, so that the 21st file falls at every phase of a scan.
                Instant start = first.plusMillis(b * spacingMillis + random.nextInt((int) spacingMillis));
                for (int n = 0; n < FILES_PER_BURST; n++) {
                    int file = b * 1_000 + n;
                    boolean crossing = n + 1 == CROSSING_FILE;
                    long delay = Duration.between(clock.instant(), start.plus(FILE_EVERY.multipliedBy(n))).toMillis();
                    actions.schedule(() -> {
                        Instant now = clock.instant();
                        portal.write(new SimulatedPortal.Write(now, now.plus(AUDIT_WRITE_DELAY), user, 5002,
                                Integer.toString(file), "ledger-" + file + ".xlsx", "Rooms: Finance"));
                        if (crossing) {
                            crossedByUser.put(user, now);
                        }
                        if (push) {
                            push(base, deliveryIds.getAndIncrement(), now, user, file);
                        }
                    }, Math.max(0, delay), TimeUnit.MILLISECONDS);
                }
            }
            Instant deadline = first.plusMillis((bursts + 1) * spacingMillis).plusSeconds(60);
            Map<String, Instant> openedByUser = new HashMap<>();
            while (openedByUser.size() < bursts && clock.instant().isBefore(deadline)) {
                Thread.sleep(500);
                openedByUser.putAll(openedIncidents(base));
            }
            Thread.sleep(2_000); // the last alert's delivery
            List<Burst> result = new ArrayList<>();
            for (String user : users) {
                result.add(new Burst(user, crossedByUser.get(user), openedByUser.get(user), alertedByUser.get(user)));
            }
            return new Result(push, scanInterval, scanLag, result);
        } finally {
            actions.shutdownNow();
            alertSink.stop(0);
            portal.close();
        }
    }

    /** What DocSpace would POST for the update, signed with the shared secret; a failed push is only a lost push. */
    private void push(String base, long deliveryId, Instant at, String user, int file) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("event").put("id", deliveryId).put("createOn", at.toString()).put("createBy", user)
                .put("trigger", "file.updated").put("triggerId", 512);
        body.putObject("payload").put("id", file).put("title", "ledger-" + file + ".xlsx");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/webhooks/docspace"))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, new WebhookSignature(SECRET).sign(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    }

    private Map<String, Instant> openedIncidents(String base) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/incidents?rule=bulk-file-changes&limit=200"))
                .header("Authorization", "Bearer " + TOKEN).build();
        JsonNode page = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        Map<String, Instant> opened = new HashMap<>();
        for (JsonNode incident : page.path("items")) {
            opened.put(incident.path("userId").asText(), Instant.parse(incident.path("createdAt").asText()));
        }
        return opened;
    }

    /** Where the service's alert webhook lands: the arrival of each new incident's alert, by user. */
    private static HttpServer alertSink(Map<String, Instant> alertedByUser) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            Instant arrived = Instant.now();
            JsonNode alert = JSON.readTree(exchange.getRequestBody());
            if ("incident_opened".equals(alert.path("kind").asText())) {
                alertedByUser.putIfAbsent(alert.path("incident").path("userId").asText(), arrived);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    public static void print(Result r, PrintWriter out) {
        List<Duration> opened = r.bursts().stream().map(Burst::toOpened).filter(d -> d != null).sorted().toList();
        List<Duration> alerted = r.bursts().stream().map(Burst::toAlerted).filter(d -> d != null).sorted().toList();
        out.printf("%s: %d bursts; scan every %d s, lag %d s; limit: 30 s (polling's worst case: interval + lag = %d s, "
                        + "plus the scan)%n", r.pushed() ? "polling + webhook pushes" : "polling alone",
                r.bursts().size(), r.interval().toSeconds(), r.lag().toSeconds(),
                r.interval().plus(r.lag()).toSeconds());
        out.printf("  21st file -> incident opened: median %s, max %s (%d of %d opened)%n", median(opened), max(opened),
                opened.size(), r.bursts().size());
        out.printf("  21st file -> alert delivered: median %s, max %s (%d of %d alerted)%n", median(alerted),
                max(alerted), alerted.size(), r.bursts().size());
    }

    private static String median(List<Duration> sorted) {
        return sorted.isEmpty() ? "-" : seconds(sorted.get(sorted.size() / 2));
    }

    private static String max(List<Duration> sorted) {
        return sorted.isEmpty() ? "-" : seconds(sorted.get(sorted.size() - 1));
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
