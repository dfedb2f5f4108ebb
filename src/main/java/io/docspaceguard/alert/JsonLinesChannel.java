package io.docspaceguard.alert;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.docspaceguard.incident.TrailEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per line to a file that Filebeat, Elastic Agent, a Splunk forwarder or the Wazuh
 * agent tails. Each line is one {@code write} in append mode, so it reaches the file whole before the next
 * (no buffer to flush, no interleaving between threads or with another writer in append mode). A file that
 * log rotation moved away or deleted is noticed and created again at the configured path.
 */
final class JsonLinesChannel implements SiemChannel {
    private static final Logger log = LoggerFactory.getLogger(JsonLinesChannel.class);

    private final Path path;
    private final Redactor redactor = new Redactor();
    private final RetryPolicy<Object> retryPolicy;
    private FileChannel file;
    private Object fileKey;

    /** @throws UncheckedIOException when the file cannot be opened for appending */
    JsonLinesChannel(Path path, int retries, Duration baseBackoff, Duration maxBackoff) {
        this.path = path;
        try {
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("GUARD_SIEM_FILE: cannot open " + path + " for appending: "
                    + redactor.describe(e), e);
        }
        this.retryPolicy = RetryPolicy.builder()
                .handle(IOException.class)
                .withMaxRetries(retries)
                .withBackoff(baseBackoff, maxBackoff)
                .onRetry(e -> log.info("alert retry channel=file target={} attempt={} cause={}", path,
                        e.getAttemptCount(), redactor.describe(e.getLastException())))
                .build();
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String target() {
        return path.toString();
    }

    @Override
    public void deliver(SiemEvent event) throws DeliveryException {
        ByteBuffer line = ByteBuffer.wrap((line(event) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            Failsafe.with(retryPolicy).run(() -> append(line.duplicate()));
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted");
            }
            throw new DeliveryException(redactor.describe(cause));
        }
    }

    private synchronized void append(ByteBuffer line) throws IOException {
        if (rotated()) {
            file.close();
            open();
        }
        while (line.hasRemaining()) {
            file.write(line);
        }
    }

    private void open() throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    /** The path no longer names the file we hold open (renamed or deleted by rotation). */
    private boolean rotated() throws IOException {
        if (!file.isOpen()) {
            return true;
        }
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return !Objects.equals(now, fileKey);
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /** {@code @timestamp}, {@code kind}, {@code severity}, {@code message}, then the incident or the trail entry. */
    static String line(SiemEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("@timestamp", event.at().toString());
        line.put("kind", event.kind());
        line.put("severity", event.severity().wireName());
        line.put("message", event.message());
        if (event.incident() != null) {
            line.put("incident", AlertJson.incident(event.incident()));
        }
        if (event.trail() != null) {
            line.put("trail", trail(event.trail()));
        }
        if (!event.details().isEmpty()) {
            line.put("details", event.details());
        }
        return AlertJson.write(line);
    }


    private static Map<String, Object> trail(TrailEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", entry.id());
        fields.put("at", AlertJson.iso(entry.at()));
        fields.put("actor", entry.actor());
        fields.put("action", entry.action());
        fields.put("incidentId", entry.incidentId());
        fields.put("userId", entry.userId());
        fields.put("comment", entry.comment());
        fields.put("outcome", entry.outcome());
        fields.put("rulesVersion", entry.rulesVersion());
        return fields;
    }


    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException e) {
            log.warn("closing {} failed: {}", path, redactor.describe(e));
        }
    }
}
