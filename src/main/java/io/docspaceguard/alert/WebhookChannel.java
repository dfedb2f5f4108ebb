package io.docspaceguard.alert;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.docspaceguard.net.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs {@code {"text", "kind", "incident", "details"}} to a URL. {@code text} is top-level, so a Slack
 * incoming webhook shows it as the message. Retries network errors, 429 and 5xx with exponential backoff.
 */
final class WebhookChannel implements Channel {
    private static final Logger log = LoggerFactory.getLogger(WebhookChannel.class);

    private final URI url;
    private final String target;
    private final Duration timeout;
    private final RetryPolicy<HttpResponse<String>> retryPolicy;
    private final Redactor redactor;
    private final HttpClient http;

    WebhookChannel(URI url, Duration timeout, int retries, Duration baseBackoff, Duration maxBackoff) {
        this.url = url;
        this.target = AlertSettings.safeTarget(url);
        this.timeout = timeout;
        this.redactor = new Redactor().add(url.toString()).add(url.getRawPath()).add(url.getRawQuery())
                .add(url.getRawUserInfo());
        this.retryPolicy = RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(r -> r.statusCode() == 429 || r.statusCode() >= 500)
                .withMaxRetries(retries)
                .withBackoff(baseBackoff, maxBackoff)
                .withDelayFn(ctx -> RetryAfter.delay(ctx.getLastResult(), maxBackoff))
                .onRetry(e -> log.info("alert retry channel=webhook target={} attempt={} cause={}", target,
                        e.getAttemptCount(), e.getLastException() != null
                                ? redactor.describe(e.getLastException())
                                : "HTTP " + e.getLastResult().statusCode()))
                .build();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(alert)))
                .build();
        HttpResponse<String> response;
        try {
            response = Failsafe.with(retryPolicy).get(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted");
            }
            throw new DeliveryException(redactor.describe(cause));
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new DeliveryException("HTTP " + status
                    + (body.isEmpty() ? "" : " " + redactor.redact(body.length() > 200 ? body.substring(0, 200) : body)));
        }
    }

    static String body(Alert alert) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", slackEscaped(alert.text()));
        body.put("kind", alert.kind());
        body.put("incident", alert.incident() == null ? null : AlertJson.incident(alert.incident()));
        body.put("details", alert.details());
        return AlertJson.write(body);
    }



    /**
     * Slack reads {@code <...>} in text as links and mentions: a user named {@code <!channel>} would page
     * the whole channel. Slack's own escaping keeps such names as plain text; the incident object carries
     * the unescaped values.
     */
    static String slackEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
