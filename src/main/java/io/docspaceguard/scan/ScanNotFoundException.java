package io.docspaceguard.scan;

/** No scan run has this id. */
public class ScanNotFoundException extends RuntimeException {
    public ScanNotFoundException(long id) {
        super("no scan " + id);
    }
}
