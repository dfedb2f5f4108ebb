package io.docspaceguard.alert;

/** Where the service announces what reviewers should know about at once. */
@FunctionalInterface
public interface Alerts {
    void announce(Alert alert);
}
