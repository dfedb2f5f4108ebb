package io.docspaceguard.http;

import io.javalin.security.RouteRole;
import java.util.Locale;

/** Who may call a route. Every route but /health names one; a route without one is refused. */
enum Access implements RouteRole {
    /** No token needed. */
    ANYONE(null),
    /** No token needed from the loopback interface; a viewer token from anywhere else. */
    LOOPBACK_OR_VIEWER(Role.VIEWER),
    VIEWER(Role.VIEWER),
    REVIEWER(Role.REVIEWER),
    ADMIN(Role.ADMIN);

    final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The least role a caller needs, as the OpenAPI description's x-role says it. */
    String wireName() {
        return role == null ? "anyone" : role.name().toLowerCase(Locale.ROOT);
    }
}
