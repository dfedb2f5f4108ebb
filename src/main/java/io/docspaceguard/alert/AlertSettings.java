package io.docspaceguard.alert;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where alerts go besides the log. Every channel is optional; syslog and the SIEM file also receive the
 * audit trail.
 * {@link #toString()} shows neither the SMTP password nor the webhook's path and query: a Slack
 * incoming-webhook URL is itself the secret.
 *
 * @param webhookUrl     http(s) URL for the JSON POST, or null
 * @param webhookTimeout connect and request timeout of one webhook attempt (also used for SMTP)
 * @param webhookRetries retries after the first attempt on network errors, 429 and 5xx (0 = try once)
 * @param smtp           e-mail settings, or null
 * @param syslog         the syslog collector, or null
 * @param siemFile       the JSON-lines file, or null
 */
public record AlertSettings(URI webhookUrl, Duration webhookTimeout, int webhookRetries, Smtp smtp, Syslog syslog,
                            Path siemFile) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_RETRIES = 3;

    public AlertSettings {
        Objects.requireNonNull(webhookTimeout, "webhookTimeout");
        if (webhookTimeout.isNegative() || webhookTimeout.isZero()) {
            throw new IllegalArgumentException("webhookTimeout must be positive");
        }
        if (webhookRetries < 0) {
            throw new IllegalArgumentException("webhookRetries must be >= 0");
        }
    }

    /** Webhook and e-mail only. */
    public AlertSettings(URI webhookUrl, Duration webhookTimeout, int webhookRetries, Smtp smtp) {
        this(webhookUrl, webhookTimeout, webhookRetries, smtp, null, null);
    }

    /** Log line only. */
    public static AlertSettings none() {
        return new AlertSettings(null, DEFAULT_TIMEOUT, DEFAULT_RETRIES, null);
    }

    /**
     * @param user     SMTP login, or null for no authentication
     * @param password SMTP password, or null
     * @param startTls require STARTTLS (port 465 uses implicit TLS instead)
     * @param to       the security contact: one address or a comma-separated list
     */
    public record Smtp(String host, int port, String user, String password, boolean startTls, String from,
                       String to) {
        public Smtp {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", user=" + (user == null ? "none" : user)
                    + ", password=" + (password == null ? "unset" : "***") + ", startTls=" + startTls
                    + ", from=" + from + ", to=" + to + "]";
        }
    }

    /**
     * A syslog collector reached over TCP (RFC 6587), with TLS (RFC 5425) unless {@code tls} is false.
     *
     * @param caFile PEM file of the CA that signed the collector's certificate, or null for the JDK's trust store
     */
    public record Syslog(String host, int port, boolean tls, Path caFile) {
        public static final int TLS_PORT = 6514;
        public static final int TCP_PORT = 514;

        public Syslog {
            Objects.requireNonNull(host, "host");
        }
    }

    /** Scheme, host and port of a URL — the part that is safe to log. */
    public static String safeTarget(URI url) {
        if (url == null) {
            return "none";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "" : "/***");
    }

    @Override
    public String toString() {
        return "AlertSettings[webhook=" + safeTarget(webhookUrl) + ", webhookTimeout=" + webhookTimeout
                + ", webhookRetries=" + webhookRetries + ", smtp=" + (smtp == null ? "none" : smtp)
                + ", syslog=" + (syslog == null ? "none" : syslog) + ", siemFile=" + (siemFile == null ? "none" : siemFile)
                + "]";
    }
}
