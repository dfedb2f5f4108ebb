package io.docspaceguard.docspace;

/**
 * The parts of DocSpace's EmployeeFullDto the service needs.
 *
 * @param status EmployeeStatus: 1 active, 2 disabled (terminated), 4 pending
 */
public record Person(String id, String displayName, int status, boolean admin, boolean owner, boolean ldap) {
    public static final int ACTIVE = 1;
    public static final int DISABLED = 2;
    public static final int PENDING = 4;
}
