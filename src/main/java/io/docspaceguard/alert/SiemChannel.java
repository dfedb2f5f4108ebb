package io.docspaceguard.alert;

/**
 * One way out to a SIEM: receives alerts and audit-trail entries alike, as {@link SiemEvent}s. Implementations
 * retry on their own and block while doing so; {@link #close()} releases the connection or file.
 */
interface SiemChannel extends AutoCloseable {
    /** "syslog" or "file", for log lines. */
    String name();

    /** Where it delivers, safe to log. */
    String target();

    /** Delivers or throws after its retries; the exception message is safe to log. */
    void deliver(SiemEvent event) throws DeliveryException;

    @Override
    void close();
}
