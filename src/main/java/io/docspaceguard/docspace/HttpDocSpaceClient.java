package io.docspaceguard.docspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import io.docspaceguard.net.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DocSpaceClient} over java.net.http with an API key ({@code Authorization: Bearer sk-...}).
 * Reads retry 429/502/503/504 and network errors with exponential backoff, honouring {@code Retry-After}.
 * Writes retry only what DocSpace turned away before handling (429, 503, no connection): a write whose answer
 * was lost may have been made, so it is never sent again here (see {@link WriteOnce}). Every other error
 * surfaces at once as a {@link DocSpaceException}.
 */
public final class HttpDocSpaceClient implements DocSpaceClient {
    private static final Logger log = LoggerFactory.getLogger(HttpDocSpaceClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRYABLE = DocSpaceException.TRANSIENT;
    /** Answers that say a request was turned away before DocSpace handled it (rate limiter, overload). */
    private static final Set<Integer> TURNED_AWAY = Set.of(429, 503);
    // DocSpace user ids are GUIDs; anything else must not reach the URL path ("../", "?", "/").
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    static final String AUDIT_PATH = "/api/2.0/security/audit/events/filter";

    /**
     * Timeouts and retry pacing; tests pass tiny values.
     *
     * @param maxRetries  retries after the first attempt (0 = try once)
     * @param baseBackoff first retry delay, doubled per retry up to {@code maxBackoff}
     * @param maxBackoff  cap for backoff and for a server's {@code Retry-After}
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int maxRetries,
                           Duration baseBackoff, Duration maxBackoff) {
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(baseBackoff, "baseBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()
                    || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            // Failsafe's backoff needs 0 < base < max.
            if (baseBackoff.isNegative() || baseBackoff.isZero() || baseBackoff.compareTo(maxBackoff) >= 0) {
                throw new IllegalArgumentException("need 0 < baseBackoff < maxBackoff");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(30), 4,
                    Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
    }

    /**
     * Audit reads meet a 429 this many more times, each after the client's own retries, before a scan fails:
     * a scan waits for the portal's limiter rather than giving up (docspace-api.md §7.2).
     */
    static final int RATE_LIMITED_ROUNDS = 10;

    private final String baseUrl;
    private final String authorization;
    private final Settings settings;
    private final HttpClient http;
    private final RequestBudget budget;
    private final RequestBudget.Lane lane;

    /**
     * @param baseUrl portal address, e.g. {@code https://acme.onlyoffice.com}
     * @param apiKey  API key ({@code sk-...}) of a DocSpace admin or owner
     */
    public HttpDocSpaceClient(String baseUrl, String apiKey, Settings settings) {
        this(baseUrl, apiKey, settings, RequestBudget.unlimited());
    }

    /** As above, every call drawing on {@code budget}, shared by every client of the portal in the process. */
    public HttpDocSpaceClient(String baseUrl, String apiKey, Settings settings, RequestBudget budget) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("API key is missing");
        }
        URI uri = URI.create(baseUrl);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the portal URL must be http(s)");
        }
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.authorization = "Bearer " + apiKey;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.budget = Objects.requireNonNull(budget, "budget");
        this.lane = RequestBudget.Lane.INTERACTIVE;
    }

    private HttpDocSpaceClient(HttpDocSpaceClient same, RequestBudget.Lane lane) {
        this.baseUrl = same.baseUrl;
        this.authorization = same.authorization;
        this.settings = same.settings;
        this.http = same.http;
        this.budget = same.budget;
        this.lane = lane;
    }

    /** The same client, its calls drawing only on the backfills' share of the request budget. */
    @Override
    public DocSpaceClient forBulk() {
        return new HttpDocSpaceClient(this, RequestBudget.Lane.BULK);
    }

    @Override
    public AuditPage auditEvents(Instant from, Instant to, int startIndex, int count) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends before it starts: " + from + " > " + to);
        }
        if (startIndex < 0) {
            throw new IllegalArgumentException("startIndex must be >= 0");
        }
        int size = Math.max(1, Math.min(MAX_PAGE, count));
        String query = "?from=" + encode(ApiDates.format(ApiDates.floor(from)))
                + "&to=" + encode(ApiDates.format(ApiDates.ceil(to)))
                + "&count=" + size + "&startIndex=" + startIndex;
        Reply reply = call("GET", AUDIT_PATH + query, null, RATE_LIMITED_ROUNDS);
        return DocSpaceJson.page(reply.body(), reply.json());
    }

    @Override
    public Person self() {
        return DocSpaceJson.person(call("GET", "/api/2.0/people/@self", null).json().path("response"));
    }

    @Override
    public Person person(String userId) {
        return DocSpaceJson.person(call("GET", "/api/2.0/people/" + checkedId(userId), null).json().path("response"));
    }

    @Override
    public ContainerSize folderSize(String folderId) {
        return DocSpaceJson.containerSize(call("GET", "/api/2.0/files/folder/" + checkedEntryId(folderId), null)
                .json().path("response"));
    }

    @Override
    public ContainerSize roomSize(String roomId) {
        return DocSpaceJson.containerSize(call("GET", "/api/2.0/files/rooms/" + checkedEntryId(roomId), null)
                .json().path("response"));
    }

    @Override
    public FileVersion file(String fileId) {
        return DocSpaceJson.fileVersion(call("GET", "/api/2.0/files/file/" + checkedEntryId(fileId), null)
                .json().path("response"));
    }

    @Override
    public List<FileVersion> fileHistory(String fileId) {
        JsonNode versions = call("GET", "/api/2.0/files/file/" + checkedEntryId(fileId) + "/history", null)
                .json().path("response");
        if (!versions.isArray()) {
            throw new DocSpaceException(200, "history answer is not a list");
        }
        List<FileVersion> history = new ArrayList<>();
        versions.forEach(v -> history.add(DocSpaceJson.fileVersion(v)));
        return history;
    }

    @Override
    public void restoreVersion(String fileId, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("a version is at least 1, got " + version);
        }
        call("POST", "/api/2.0/files/file/" + checkedEntryId(fileId) + "/restoreversion?version=" + version, null);
    }

    @Override
    public void renameFile(String fileId, String title) {
        try {
            call("PUT", "/api/2.0/files/file/" + checkedEntryId(fileId), JSON.writeValueAsString(Map.of("title", title)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A lost answer (timeout, 5xx) is not retried: the caller reads the account back instead. */
    @Override
    public Person setStatus(String userId, int status) {
        String id = checkedId(userId);
        if (status != Person.ACTIVE && status != Person.DISABLED) {
            throw new IllegalArgumentException("only status 1 (active) or 2 (disabled) can be set, got " + status);
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("userIds", List.of(id)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        JsonNode people = call("PUT", "/api/2.0/people/status/" + status, body).json().path("response");
        // The envelope's count is unreliable for this endpoint (async stream): read the array.
        for (JsonNode p : people) {
            if (id.equalsIgnoreCase(p.path("id").asText())) {
                return DocSpaceJson.person(p);
            }
        }
        throw new DocSpaceException(200, "status update answer does not contain the user");
    }

    @Override
    public String toString() {
        return "HttpDocSpaceClient[" + baseUrl + "]";
    }

    private record Reply(String body, JsonNode json) {
    }

    private Reply call(String method, String pathAndQuery, String jsonBody) {
        return call(method, pathAndQuery, jsonBody, 0);
    }

    /** @param rateLimitedRounds how many more rounds of retries a 429 earns after the client's own */
    private Reply call(String method, String pathAndQuery, String jsonBody, int rateLimitedRounds) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(settings.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        HttpRequest built = request.build();
        String path = pathAndQuery.replaceFirst("\\?.*", "");
        HttpResponse<String> response;
        boolean write = !method.equals("GET");
        try {
            RetryPolicy<HttpResponse<String>> retries = write ? writeRetryPolicy(method, path) : retryPolicy(method, path);
            response = (rateLimitedRounds == 0 ? Failsafe.with(retries)
                    : Failsafe.with(rateLimited(rateLimitedRounds, method, path), retries)).get(() -> send(built));
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new DocSpaceException(0, method + " " + path + " interrupted", cause);
            }
            if (write && !neverSent(cause)) {
                throw new DocSpaceException(0, method + " " + path + ": no answer (" + describe(cause)
                        + "); DocSpace may have made the change", cause);
            }
            throw new DocSpaceException(0, method + " " + path + " failed after "
                    + (settings.maxRetries() + 1) + " attempts: " + describe(cause), cause);
        }
        return check(method, path, response);
    }

    /** One request once the budget allows it; what the answer says about the portal's limiter paces the next. */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        budget.acquire(lane);
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        budget.observe(response.statusCode(), response.headers(), settings.maxBackoff());
        return response;
    }

    /** Rounds of the inner retries while the portal keeps answering 429; the budget paces them. */
    private RetryPolicy<HttpResponse<String>> rateLimited(int rounds, String method, String path) {
        // Only a 429 answer: failures (timeouts, no connection) have had their retries inside.
        return RetryPolicy.<HttpResponse<String>>builder()
                .handleIf((response, failure) -> failure == null && response != null && response.statusCode() == 429)
                .withMaxRetries(rounds)
                .onRetry(e -> log.warn("docspace rate-limited method={} path={} round={}; waiting for the portal's "
                        + "limiter", method, path, e.getAttemptCount()))
                .build();
    }

    private RetryPolicy<HttpResponse<String>> retryPolicy(String method, String path) {
        return retrying(RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(r -> RETRYABLE.contains(r.statusCode())), method, path);
    }

    /** A write is sent again only when it certainly did not reach DocSpace or was turned away unhandled. */
    private RetryPolicy<HttpResponse<String>> writeRetryPolicy(String method, String path) {
        return retrying(RetryPolicy.<HttpResponse<String>>builder()
                .handleIf(HttpDocSpaceClient::neverSent)
                .handleResultIf(r -> TURNED_AWAY.contains(r.statusCode())), method, path);
    }

    private RetryPolicy<HttpResponse<String>> retrying(RetryPolicyBuilder<HttpResponse<String>> builder,
                                                       String method, String path) {
        return builder
                .withMaxRetries(settings.maxRetries())
                .withBackoff(settings.baseBackoff(), settings.maxBackoff())
                .withDelayFn(ctx -> RetryAfter.delay(ctx.getLastResult(), settings.maxBackoff()))
                .onRetry(e -> log.warn("docspace retry method={} path={} attempt={} cause={}", method, path,
                        e.getAttemptCount(), e.getLastException() != null ? describe(e.getLastException())
                                : "HTTP " + e.getLastResult().statusCode()))
                .build();
    }

    /** The connection was never made, so the request cannot have reached DocSpace. */
    private static boolean neverSent(Throwable t) {
        return t instanceof ConnectException || t instanceof HttpConnectTimeoutException;
    }

    private static Reply check(String method, String path, HttpResponse<String> response) {
        int code = response.statusCode();
        JsonNode json = parseObject(response.body());
        boolean ok = code >= 200 && code < 300;
        if (ok && json != null && json.path("status").asInt(0) != 1) {
            return new Reply(response.body(), json);
        }
        if (ok && json == null) {
            throw new DocSpaceException(code, method + " " + path + ": answer is not a JSON object");
        }
        // status:1 inside a 200 body is a validation failure reported through the success wrapper.
        int status = ok ? json.path("statusCode").asInt(400) : code;
        String message = errorMessage(json, status);
        if (status >= 500) {
            log.warn("docspace error method={} path={} status={} message={}", method, path, status, message);
        }
        throw new DocSpaceException(status, message);
    }

    private static String errorMessage(JsonNode json, int status) {
        if (json != null) {
            JsonNode message = json.path("error").path("message");
            if (message.isTextual() && !message.asText().isBlank()) {
                return message.asText();
            }
            JsonNode problem = json.path("response");
            if (problem.path("title").isTextual()) {
                JsonNode errors = problem.path("errors");
                return problem.path("title").asText() + (errors.isObject() ? " " + errors : "");
            }
        }
        return "HTTP " + status + " " + reason(status);
    }

    private static String reason(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized (API key missing, invalid, expired or its owner disabled)";
            case 402: return "Payment Required";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 429: return "Too Many Requests";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return status >= 500 ? "Server Error" : "Unexpected Status";
        }
    }

    /** The body as a JSON object, or null for empty, HTML or otherwise non-JSON bodies. */
    static JsonNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static final Pattern ENTRY_ID = Pattern.compile("[0-9A-Za-z_-]{1,128}");

    private static String checkedId(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("not a DocSpace user id: " + userId);
        }
        return userId;
    }

    /** Folder and room ids of DocSpace's own storage are numbers; nothing that could change the path goes out. */
    private static String checkedEntryId(String id) {
        if (id == null || !ENTRY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a DocSpace folder or room id: " + id);
        }
        return id;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
