package io.docspaceguard.incident;

/**
 * DocSpace refused or failed an account action; the incident kept its state and the trail has the
 * failure. {@code docSpaceStatus} is DocSpace's HTTP status (0 when it could not be reached).
 */
public class AccountActionFailedException extends RuntimeException {
    private final int docSpaceStatus;

    public AccountActionFailedException(int docSpaceStatus, String message) {
        super(message);
        this.docSpaceStatus = docSpaceStatus;
    }

    public int docSpaceStatus() {
        return docSpaceStatus;
    }
}
