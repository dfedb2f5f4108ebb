package io.docspaceguard;

import io.docspaceguard.alert.AlertSettings;
import io.docspaceguard.alert.PemCertificates;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.engine.RuleBudget;
import io.docspaceguard.http.ApiToken;
import io.docspaceguard.http.HttpApi;
import io.docspaceguard.http.Role;
import io.docspaceguard.store.Database;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything the service reads from its environment, validated once at start-up. Defaults give a local
 * run on H2 and ./rules. {@link #toString()} never shows a secret.
 */
public record Config(
        String docSpaceHost,
        String docSpaceApiKey,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        String httpHost,
        int httpPort,
        Path rulesDir,
        Duration scanInterval,
        Duration scanOverlap,
        Duration scanLag,
        Duration initialLookback,
        Duration scanChunk,
        int rulePartitions,
        RuleBudget ruleBudget,
        Duration docSpaceTimeout,
        int docSpaceRetries,
        List<ApiToken> apiTokens,
        Set<String> protectedUsers,
        long maxRequestBytes,
        int httpMaxConnections,
        boolean dryRun,
        int maxAutoDisablesPerHour,
        Duration autoDisableExpiry,
        AlertSettings alertSettings,
        Duration alertSuppression,
        int recoveryWritesPerDay,
        int recoveryConcurrency,
        String webhookSecret,
        int docSpaceConcurrency,
        int docSpaceRequestsPerMinute,
        double backfillShare) {

    public static final int MIN_TOKEN_LENGTH = 16;
    /** The webhook's secret key is the only credential of a delivery: a short one could be guessed. */
    public static final int MIN_WEBHOOK_SECRET_LENGTH = 16;

    public static Config fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        r.retired("GUARD_RULE_CONTEXT", "the stored history the rules see again follows the longest window the "
                + "loaded rules declare; remove the setting");
        return new Config(
                r.url("DOCSPACE_API_HOST"),
                r.string("DOCSPACE_API_KEY", null),
                r.string("GUARD_DB_URL", "jdbc:h2:file:./data/docspace-guard"),
                r.string("GUARD_DB_USER", null),
                r.secret("GUARD_DB_PASSWORD"),
                r.integer("GUARD_DB_POOL_SIZE", Database.DEFAULT_POOL_SIZE, 1, 200),
                r.string("GUARD_HTTP_HOST", "127.0.0.1"),
                r.port("GUARD_HTTP_PORT", 8080),
                Path.of(r.string("GUARD_RULES_DIR", "./rules")),
                r.atLeast(r.duration("GUARD_SCAN_INTERVAL", "PT10S", true), Duration.ofSeconds(1), "GUARD_SCAN_INTERVAL"),
                r.duration("GUARD_SCAN_OVERLAP", "PT5M", true),
                r.duration("GUARD_SCAN_LAG", "PT5S", true),
                r.duration("GUARD_INITIAL_LOOKBACK", "PT1H", false),
                r.duration("GUARD_SCAN_CHUNK", "PT15M", false),
                r.integer("GUARD_RULE_PARTITIONS", Runtime.getRuntime().availableProcessors(), 1, 64),
                new RuleBudget(RuleBudget.DEFAULT_BASE_FIRINGS,
                        r.integer("GUARD_RULE_FIRINGS_PER_EVENT", RuleBudget.DEFAULT_FIRINGS_PER_EVENT, 1, 100_000),
                        r.duration("GUARD_RULE_TIME_BUDGET", RuleBudget.DEFAULT_TIME.toString(), false)),
                r.duration("GUARD_DOCSPACE_TIMEOUT", "PT30S", false),
                r.integer("GUARD_DOCSPACE_RETRIES", 4, 0, 20),
                r.tokens("GUARD_API_TOKENS"),
                r.idSet("GUARD_PROTECTED_USERS"),
                r.integer("GUARD_MAX_REQUEST_BYTES", 65_536, 1_024, 10_485_760),
                r.integer("GUARD_HTTP_MAX_CONNECTIONS", HttpApi.DEFAULT_MAX_CONNECTIONS, 1, 100_000),
                r.bool("GUARD_DRY_RUN", false),
                r.integer("GUARD_MAX_AUTO_DISABLES_PER_HOUR", 5, 0, 1_000),
                r.duration("GUARD_AUTO_DISABLE_EXPIRY", "0", true),
                new AlertSettings(r.webhookUrl("GUARD_ALERT_WEBHOOK_URL"), AlertSettings.DEFAULT_TIMEOUT,
                        AlertSettings.DEFAULT_RETRIES, r.smtp(), r.syslog(), r.siemFile("GUARD_SIEM_FILE")),
                r.duration("GUARD_ALERT_SUPPRESSION", "PT1H", true),
                r.integer("GUARD_RECOVERY_WRITES_PER_DAY", 5_000, 1, 10_000),
                r.integer("GUARD_RECOVERY_CONCURRENCY", 10, 1, 15),
                r.webhookSecret("GUARD_WEBHOOK_SECRET"),
                // DocSpace's limiter allows 50 concurrent GETs per user (docspace-api.md §7.2); leave room for the rest.
                r.integer("GUARD_DOCSPACE_CONCURRENCY", 16, 1, 40),
                r.integer("GUARD_DOCSPACE_REQUESTS_PER_MINUTE", 0, 0, 1_000_000),
                r.fraction("GUARD_BACKFILL_SHARE", 0.95));
    }

    /** The DocSpace webhook receiver is on when its secret is set. */
    public boolean webhookEnabled() {
        return webhookSecret != null;
    }

    /**
     * Settings that work but are unsafe, one line each, logged at start-up: the service serves no TLS itself, so
     * listening beyond loopback sends tokens and account data in clear unless a proxy terminates TLS in front.
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (!Reader.isLoopback(httpHost)) {
            warnings.add("GUARD_HTTP_HOST=" + httpHost + " listens beyond this machine without TLS: API tokens and "
                    + "account data travel in clear unless a TLS-terminating proxy is in front");
        }
        return warnings;
    }

    /** The rules folder, which must exist: the service has no rules to fall back on. */
    public Path existingRulesDir() {
        if (!Files.isDirectory(rulesDir)) {
            throw new ConfigException("no rules folder at " + rulesDir.toAbsolutePath().normalize()
                    + ": run from the project folder, or set GUARD_RULES_DIR to the folder of .drl files");
        }
        return rulesDir;
    }

    /** Scans run on a schedule unless the interval is zero. */
    public boolean scheduled() {
        return !scanInterval.isZero();
    }

    @Override
    public String toString() {
        return "Config[docSpaceHost=" + docSpaceHost + ", docSpaceApiKey=" + (docSpaceApiKey == null ? "unset" : "***")
                + ", dbUrl=" + redactedDbUrl() + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null ? "unset" : "***") + ", dbPoolSize=" + dbPoolSize
                + ", http=" + httpHost + ":" + httpPort + ", rulesDir=" + rulesDir + ", scanInterval=" + scanInterval
                + ", scanOverlap=" + scanOverlap + ", scanLag=" + scanLag + ", initialLookback=" + initialLookback
                + ", scanChunk=" + scanChunk + ", rulePartitions=" + rulePartitions
                + ", ruleBudget=" + ruleBudget
                + ", apiTokens=" + apiTokens
                + ", protectedUsers=" + protectedUsers.size() + ", dryRun=" + dryRun + ", maxAutoDisablesPerHour="
                + maxAutoDisablesPerHour + ", autoDisableExpiry=" + autoDisableExpiry + ", alerts=" + alertSettings + ", alertSuppression=" + alertSuppression + ", recoveryWritesPerDay=" + recoveryWritesPerDay + ", recoveryConcurrency=" + recoveryConcurrency
                + ", webhookSecret=" + (webhookSecret == null ? "unset" : "***")
                + ", docSpaceConcurrency=" + docSpaceConcurrency + ", docSpaceRequestsPerMinute="
                + docSpaceRequestsPerMinute + ", backfillShare=" + backfillShare
                + "]";
    }

    /** JDBC URLs may carry the password too ({@code ?password=} for PostgreSQL, {@code ;PASSWORD=} for H2). */
    private String redactedDbUrl() {
        return dbUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** Parses one variable at a time so that every error names the variable it is about. */
    private record Reader(Map<String, String> env) {
        /** A password is taken as written: surrounding spaces may be part of it. Empty means unset. */
        String secret(String name) {
            String value = env.get(name);
            return value == null || value.isEmpty() ? null : value;
        }

        /** The DocSpace webhook's secret key, taken as written; never echoed. Unset means no receiver. */
        String webhookSecret(String name) {
            String value = secret(name);
            if (value != null && value.length() < MIN_WEBHOOK_SECRET_LENGTH) {
                throw new ConfigException(name + ": shorter than " + MIN_WEBHOOK_SECRET_LENGTH
                        + " characters; use a long random string such as the output of openssl rand -hex 32");
            }
            return value;
        }

        /** A setting that no longer exists: refusing it beats letting an operator believe it still works. */
        void retired(String name, String why) {
            if (env.containsKey(name)) {
                throw new ConfigException(name + ": no longer used: " + why);
            }
        }

        String string(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        /**
         * The portal's base URL. The value is never echoed: a URL can carry a password. Credentials in the URL
         * are refused (the API key has its own variable), and so is plain http to anything but loopback,
         * since the API key would travel in clear, unless GUARD_ALLOW_INSECURE_HTTP says so.
         */
        String url(String name) {
            String value = string(name, null);
            if (value == null) {
                return null;
            }
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new ConfigException(name + ": expected a portal URL like https://acme.onlyoffice.com");
            }
            if (uri.getRawUserInfo() != null) {
                throw new ConfigException(name + ": must not carry credentials (user:password@); the API key goes "
                        + "in DOCSPACE_API_KEY");
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(name + ": expected a portal URL like https://acme.onlyoffice.com");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(name + ": expected the portal's base URL without a query or fragment, "
                        + "like https://acme.onlyoffice.com");
            }
            if ("http".equals(uri.getScheme()) && !isLoopback(uri.getHost())
                    && !bool("GUARD_ALLOW_INSECURE_HTTP", false)) {
                throw new ConfigException(name + ": plain http would send the API key in clear; use https, or set "
                        + "GUARD_ALLOW_INSECURE_HTTP=true for a portal on a trusted network");
            }
            return value.replaceAll("/+$", "");
        }

        /** Only names that are loopback by definition; a DNS name is never resolved to decide. */
        static boolean isLoopback(String host) {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return bare.equalsIgnoreCase("localhost") || bare.matches("127(\\.\\d{1,3}){3}") || bare.equals("::1");
        }

        /** The value itself is never echoed: a Slack webhook URL is a secret. */
        URI webhookUrl(String name) {
            String value = string(name, null);
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new ConfigException(name + ": expected an http(s) URL like https://hooks.slack.com/services/...");
        }

        /** E-mail is on when both the contact and the SMTP host are set; one alone is a mistake. */
        AlertSettings.Smtp smtp() {
            String contact = string("GUARD_SECURITY_CONTACT", null);
            String host = string("GUARD_SMTP_HOST", null);
            if (contact == null && host == null) {
                return null;
            }
            if (host == null) {
                throw new ConfigException("GUARD_SMTP_HOST: required when GUARD_SECURITY_CONTACT is set");
            }
            if (contact == null) {
                throw new ConfigException("GUARD_SECURITY_CONTACT: required when GUARD_SMTP_HOST is set");
            }
            if (!host.matches("[A-Za-z0-9.-]+")) {
                throw new ConfigException("GUARD_SMTP_HOST: expected a host name like smtp.example.com, got '"
                        + host + "'");
            }
            String user = string("GUARD_SMTP_USER", null);
            String password = env.get("GUARD_SMTP_PASSWORD");
            password = password == null || password.isEmpty() ? null : password;
            if (user != null && password == null) {
                throw new ConfigException("GUARD_SMTP_PASSWORD: required when GUARD_SMTP_USER is set");
            }
            if (user == null && password != null) {
                throw new ConfigException("GUARD_SMTP_USER: required when GUARD_SMTP_PASSWORD is set");
            }
            return new AlertSettings.Smtp(host, integer("GUARD_SMTP_PORT", 587, 1, 65_535), user, password,
                    bool("GUARD_SMTP_STARTTLS", true), addresses("GUARD_SMTP_FROM", "docspace-guard@" + host, false),
                    addresses("GUARD_SECURITY_CONTACT", null, true));
        }

        /** Syslog is on when its host is set; its other settings without a host are a mistake. */
        AlertSettings.Syslog syslog() {
            String host = string("GUARD_SYSLOG_HOST", null);
            if (host == null) {
                for (String other : List.of("GUARD_SYSLOG_PORT", "GUARD_SYSLOG_TLS", "GUARD_SYSLOG_CA_FILE")) {
                    if (string(other, null) != null) {
                        throw new ConfigException("GUARD_SYSLOG_HOST: required when " + other + " is set");
                    }
                }
                return null;
            }
            if (!host.matches("[A-Za-z0-9.:-]+")) {
                throw new ConfigException("GUARD_SYSLOG_HOST: expected a host name or IP address like "
                        + "siem.example.com, got '" + host + "'");
            }
            boolean tls = bool("GUARD_SYSLOG_TLS", true);
            int port = integer("GUARD_SYSLOG_PORT", tls ? AlertSettings.Syslog.TLS_PORT : AlertSettings.Syslog.TCP_PORT,
                    1, 65_535);
            return new AlertSettings.Syslog(host, port, tls, caFile("GUARD_SYSLOG_CA_FILE", tls));
        }

        /** Read here once, so that a CA file the channel could not use stops start-up instead of every delivery. */
        Path caFile(String name, boolean tls) {
            String value = string(name, null);
            if (value == null) {
                return null;
            }
            if (!tls) {
                throw new ConfigException(name + ": only used with TLS; remove it or set GUARD_SYSLOG_TLS=true");
            }
            Path path = path(name, value);
            try {
                PemCertificates.trust(path);
                return path;
            } catch (NoSuchFileException e) {
                throw new ConfigException(name + ": no such file " + path);
            } catch (IOException e) {
                throw new ConfigException(name + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
            } catch (GeneralSecurityException e) {
                throw new ConfigException(name + ": " + path + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
        }

        /** The JSON-lines file must be one the service can create or append to; it is not created here. */
        Path siemFile(String name) {
            String value = string(name, null);
            if (value == null) {
                return null;
            }
            Path path = path(name, value);
            if (Files.isDirectory(path)) {
                throw new ConfigException(name + ": " + path + " is a directory; name a file such as "
                        + "/var/log/docspace-guard/events.jsonl");
            }
            if (Files.exists(path)) {
                if (!Files.isRegularFile(path) || !Files.isWritable(path)) {
                    throw new ConfigException(name + ": cannot append to " + path + ": not a writable file");
                }
                return path;
            }
            Path parent = path.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new ConfigException(name + ": cannot create " + path + ": directory " + parent
                        + " does not exist");
            }
            if (!Files.isWritable(parent)) {
                throw new ConfigException(name + ": cannot create " + path + ": directory " + parent
                        + " is not writable");
            }
            return path;
        }

        Path path(String name, String value) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new ConfigException(name + ": not a file path: " + e.getReason());
            }
        }

        /** One e-mail address, or a comma-separated list when {@code list} is true. */
        String addresses(String name, String fallback, boolean list) {
            String value = string(name, fallback);
            try {
                InternetAddress[] parsed = InternetAddress.parse(value, true);
                if (parsed.length == 0 || (!list && parsed.length > 1)) {
                    throw new AddressException();
                }
                for (InternetAddress address : parsed) {
                    if (address.getAddress() == null || !address.getAddress().contains("@")) {
                        throw new AddressException();
                    }
                }
                return value;
            } catch (AddressException e) {
                throw new ConfigException(name + ": expected " + (list ? "e-mail addresses separated by commas"
                        : "an e-mail address") + " like security@example.com, got '" + value + "'");
            }
        }

        int port(String name, int fallback) {
            return integer(name, fallback, 0, 65_535);
        }

        int integer(String name, int fallback, int min, int max) {
            String value = string(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + ": expected a whole number from " + min + " to " + max
                        + ", got '" + value + "'");
            }
        }

        /** A share: more than 0, at most 1, e.g. 0.95. */
        double fraction(String name, double fallback) {
            String value = string(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                double parsed = Double.parseDouble(value);
                if (parsed > 0 && parsed <= 1) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(name + ": expected a share more than 0 and at most 1, such as 0.95, got '"
                    + value + "'");
        }

        Duration duration(String name, String fallback, boolean zeroAllowed) {
            String value = string(name, fallback);
            if (zeroAllowed && value.equals("0")) {
                return Duration.ZERO;
            }
            try {
                Duration parsed = Duration.parse(value);
                if (parsed.isNegative() || (!zeroAllowed && parsed.isZero())) {
                    throw new ConfigException(name + ": must be " + (zeroAllowed ? "zero or more" : "more than zero")
                            + ", got '" + value + "'");
                }
                return parsed;
            } catch (DateTimeParseException e) {
                throw new ConfigException(name + ": expected an ISO-8601 duration such as PT1M, got '" + value + "'");
            }
        }

        List<ApiToken> tokens(String name) {
            String value = string(name, null);
            if (value == null) {
                return List.of();
            }
            List<ApiToken> tokens = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Set<String> secrets = new HashSet<>();
            int position = 0;
            for (String entry : value.split(",")) {
                position++;
                String[] parts = entry.strip().split(":", 3);
                if (parts.length != 3 || parts[0].isBlank()) {
                    throw new ConfigException(name + ": entry " + position + " is not name:role:token");
                }
                Role role;
                try {
                    role = Role.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name + ": entry " + position + " has role '" + parts[1]
                            + "'; use viewer, reviewer or admin");
                }
                String token = parts[2].strip();
                if (token.length() < MIN_TOKEN_LENGTH) {
                    throw new ConfigException(name + ": the token of '" + parts[0] + "' is shorter than "
                            + MIN_TOKEN_LENGTH + " characters");
                }
                if (!names.add(parts[0].strip()) || !secrets.add(token)) {
                    throw new ConfigException(name + ": entry " + position + " repeats a name or a token");
                }
                tokens.add(new ApiToken(parts[0].strip(), role, token));
            }
            return List.copyOf(tokens);
        }

        /** Zero stays zero (off); anything else must be at least {@code minimum}. */
        Duration atLeast(Duration value, Duration minimum, String name) {
            if (!value.isZero() && value.compareTo(minimum) < 0) {
                throw new ConfigException(name + ": must be 0 (off) or at least " + minimum + ", got " + value);
            }
            return value;
        }

        boolean bool(String name, boolean fallback) {
            String value = string(name, null);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(name + ": expected true or false, got '" + value + "'");
            };
        }

        /** DocSpace user ids; a name or an e-mail would protect nobody, so anything else is refused. */
        Set<String> idSet(String name) {
            String value = string(name, null);
            Set<String> ids = new LinkedHashSet<>();
            if (value != null) {
                for (String entry : value.split(",")) {
                    String id = entry.strip().toLowerCase(Locale.ROOT);
                    if (id.isEmpty()) {
                        continue;
                    }
                    if (!Person.isUserId(id)) {
                        throw new ConfigException(name + ": '" + entry.strip() + "' is not a DocSpace user id; expected "
                                + "ids like 5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c (GET /api/2.0/people lists them)");
                    }
                    ids.add(id);
                }
            }
            return Set.copyOf(ids);
        }
    }
}
