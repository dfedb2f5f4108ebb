package io.docspaceguard.docspace;

import java.util.Set;

/**
 * DocSpace answered with an error, or could not be reached ({@code status} 0) after retries.
 * {@code message} is DocSpace's own error message when it sent one.
 */
public class DocSpaceException extends RuntimeException {
    /** Statuses of a DocSpace that is busy or briefly away: the client retries reads on them. */
    public static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);

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

    /**
     * No answer came, or only a transient one after the client's retries: DocSpace decided nothing, or it is
     * unknown what it did. Anything else is DocSpace's answer.
     */
    public boolean noAnswer() {
        return status == 0 || TRANSIENT.contains(status);
    }
}
