package io.docspaceguard.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replaces known secret strings in text that came from a library (exception messages) before it is logged. */
final class Redactor {
    private final List<String> secrets = new ArrayList<>();

    /** Secrets shorter than 3 characters are ignored: masking them would garble every message. */
    Redactor add(String secret) {
        if (secret != null && secret.length() >= 3) {
            secrets.add(secret);
            secrets.sort(Comparator.comparingInt(String::length).reversed());
        }
        return this;
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, "***");
        }
        return result;
    }

    /** "ConnectException: Connection refused" on one line, with every secret masked. */
    String describe(Throwable error) {
        String message = error.getMessage();
        // java.net.http wraps "Connection refused" in a ConnectException without a message of its own.
        for (Throwable cause = error.getCause(); message == null && cause != null; cause = cause.getCause()) {
            message = cause.getMessage();
        }
        return error.getClass().getSimpleName()
                + (message == null ? "" : ": " + redact(message).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
    }
}
