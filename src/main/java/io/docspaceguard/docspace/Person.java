package io.docspaceguard.docspace;

import java.util.regex.Pattern;

/**
 * The parts of DocSpace's EmployeeFullDto the service needs.
 *
 * @param status EmployeeStatus: 1 active, 2 disabled (terminated), 4 pending
 */
public record Person(String id, String displayName, int status, boolean admin, boolean owner, boolean ldap) {
    /** DocSpace's user ids: lower-case GUIDs, 8-4-4-4-12 hexadecimal digits. */
    private static final Pattern USER_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Whether the text is a DocSpace user id as the audit trail writes it (lower-case). */
    public static boolean isUserId(String text) {
        return text != null && USER_ID.matcher(text).matches();
    }

    public static final int ACTIVE = 1;
    public static final int DISABLED = 2;
    public static final int PENDING = 4;
}
