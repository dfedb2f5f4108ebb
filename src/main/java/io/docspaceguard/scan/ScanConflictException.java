package io.docspaceguard.scan;

/** A scan request that clashes with the state of scans: a backfill already running, cancelling a finished scan. */
public class ScanConflictException extends RuntimeException {
    public ScanConflictException(String message) {
        super(message);
    }
}
