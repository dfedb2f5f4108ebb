package io.docspaceguard.incident;

/** No incident has this id. */
public class IncidentNotFoundException extends RuntimeException {
    public IncidentNotFoundException(long id) {
        super("no incident " + id);
    }
}
