package io.docspaceguard.demo;

import java.util.Locale;

/**
 * An account of the simulated portal.
 *
 * @param id     lower-case GUID
 * @param status EmployeeStatus: 1 active, 2 disabled
 * @param device where the user works from, as the audit trail reports it
 */
public record PortalUser(String id, String firstName, String lastName, boolean admin, boolean owner, boolean ldap,
                         int status, Device device) {

    /** The client details DocSpace writes into each audit row (geo-IP and User-Agent, §3). */
    public record Device(String ip, String country, String city, String browser, String platform) {
    }

    public PortalUser {
        id = id.toLowerCase(Locale.ROOT);
    }

    public String displayName() {
        return (firstName + " " + lastName).strip();
    }

    public String userName() {
        return displayName().toLowerCase(Locale.ROOT).replace(' ', '.');
    }

    PortalUser withStatus(int newStatus) {
        return new PortalUser(id, firstName, lastName, admin, owner, ldap, newStatus, device);
    }
}
