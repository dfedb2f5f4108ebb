package io.docspaceguard.store;

/** The database cannot be reached or migrated. The message names the URL with any password masked. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
