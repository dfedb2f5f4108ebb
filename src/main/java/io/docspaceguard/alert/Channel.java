package io.docspaceguard.alert;

/** One way out for an alert besides the log. Implementations retry on their own and block while doing so. */
interface Channel {
    /** "webhook" or "email", for log lines. */
    String name();

    /** Where it delivers, safe to log (host only, never a secret). */
    String target();

    /** Delivers or throws after its retries; the exception message is safe to log. */
    void deliver(Alert alert) throws DeliveryException;
}
