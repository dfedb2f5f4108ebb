package io.docspaceguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.demo.SimulatedPortal;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.demo.PortalUser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Recovers {@code files} overwritten files against the simulated portal answering each request after
 * {@code latency}: one account overwrites them all, a scan opens the incident, a reviewer disables the account, then
 * the plan and the run are timed through the service's own API. Each is printed beside the floor its concurrency
 * allows (requests × latency ÷ requests at once) and the floor of DocSpace's 15 concurrent writes.
 */
public final class RecoveryBenchmark {
    private static final String OWNER = "0f1e2d3c-4b5a-4697-8877-665544332211";
    private static final String MALLORY = "6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d10";
    private static final String TOKEN = "bench-reviewer-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Result(int files, Duration latency, int concurrency, Duration plan, Duration run, int done,
                         int failed) {
        /** The plan reads each file twice. */
        Duration planFloor() {
            return latency.multipliedBy(2L * files).dividedBy(concurrency);
        }

        /** The run reads each file once and restores it once. */
        Duration runFloor(int atOnce) {
            return latency.multipliedBy(2L * files).dividedBy(atOnce);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    public Result run(int files, Duration latency, int concurrency) throws IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        SimulatedPortal portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE).start(0, latency);
        PortalUser.Device device = new PortalUser.Device("203.0.113.9", "Germany", "Berlin", "Chrome 124", "Windows 10");
        portal.addUser(new PortalUser(OWNER, "Olga", "Owner", false, true, false, Person.ACTIVE, device));
        portal.addUser(new PortalUser(MALLORY, "Mallory", "Mole", false, false, false, Person.ACTIVE, device));
        Instant start = clock.instant().minus(Duration.ofMinutes(40));
        for (int n = 0; n < files; n++) {
            portal.write(new SimulatedPortal.Write(start.plusMillis(1_000L * n), null, MALLORY, 5099,
                    Integer.toString(100_000 + n), "report-" + n + ".docx", "Rooms: Finance"));
        }
        Map<String, String> env = new HashMap<>();
        env.put("DOCSPACE_API_HOST", portal.baseUrl());
        env.put("DOCSPACE_API_KEY", portal.apiKey());
        env.put("GUARD_DB_URL", "jdbc:h2:mem:recovery-bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        env.put("GUARD_SCAN_INTERVAL", "0");
        env.put("GUARD_INITIAL_LOOKBACK", "PT1H");
        env.put("GUARD_RECOVERY_CONCURRENCY", Integer.toString(concurrency));
        env.put("GUARD_RULE_TIME_BUDGET", "PT10M");
        env.put("GUARD_API_TOKENS", "bench:reviewer:" + TOKEN);
        Path log = Files.createTempFile("bench-recovery-service", ".log");
        try (ServiceProcess service = ServiceProcess.start(RecommendedJvm.OPTIONS, ServiceProcess.onlySettings(env),
                log)) {
            String base = service.baseUrl();
            call("POST", base + "/api/scans", "");
            long incident = call("GET", base + "/api/incidents?rule=bulk-file-changes", null).path("items").get(0)
                    .path("id").asLong();
            call("POST", base + "/api/incidents/" + incident + "/approve", "{\"comment\": \"benchmark\"}");

            long planStarted = System.nanoTime();
            call("GET", base + "/api/incidents/" + incident + "/recovery", null);
            Duration plan = Duration.ofNanos(System.nanoTime() - planStarted);

            call("POST", base + "/api/incidents/" + incident + "/recovery", "{\"comment\": \"benchmark\"}");
            long runStarted = System.nanoTime();
            JsonNode run = call("GET", base + "/api/incidents/" + incident + "/recovery/run", null).path("run");
            while ("running".equals(run.path("status").asText())) {
                Thread.sleep(20);
                run = call("GET", base + "/api/incidents/" + incident + "/recovery/run", null).path("run");
            }
            // The POST planned again before it answered; the run's own time starts when the POST returned.
            Duration runTime = Duration.ofNanos(System.nanoTime() - runStarted);
            return new Result(files, latency, concurrency, plan, runTime, run.path("done").asInt(),
                    run.path("failed").asInt());
        } finally {
            portal.close();
        }
    }

    private JsonNode call(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + TOKEN);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    public static void print(Result r, PrintWriter out) {
        out.printf("files:          %,d overwritten by one account; portal latency %d ms per request%n", r.files(),
                r.latency().toMillis());
        out.printf("plan:           %.1f s (floor at %d reads at once: %.1f s)%n", seconds(r.plan()), r.concurrency(),
                seconds(r.planFloor()));
        out.printf("run:            %.1f s for %,d done, %d failed (floor at %d files at once: %.1f s; at DocSpace's "
                        + "15 concurrent writes: %.1f s)%n", seconds(r.run()), r.done(), r.failed(), r.concurrency(),
                seconds(r.runFloor(r.concurrency())), seconds(r.runFloor(15)));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
