package io.docspaceguard.http;

/** What an API token may do; each role may do what the ones before it may. */
public enum Role {
    VIEWER, REVIEWER, ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }
}
