package io.docspaceguard.docspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Fixture files under src/test/resources/docspace and client settings with tiny delays. */
final class Fixtures {
    static final String KEY = "sk-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private Fixtures() {
    }

    static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/docspace/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpDocSpaceClient.Settings fast(int maxRetries) {
        return new HttpDocSpaceClient.Settings(Duration.ofMillis(500), Duration.ofSeconds(2), maxRetries,
                Duration.ofMillis(5), Duration.ofMillis(50));
    }
}
