package io.docspaceguard.docspace;

/**
 * DocSpace answered with an error, or could not be reached ({@code status} 0) after retries.
 * {@code message} is DocSpace's own error message when it sent one.
 */
public class DocSpaceException extends RuntimeException {
    private final int status;

    public DocSpaceException(int status, String message) {
        super(message);
        this.status = status;
    }

    public DocSpaceException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
