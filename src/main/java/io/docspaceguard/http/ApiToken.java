package io.docspaceguard.http;

import java.util.Locale;

/** One entry of GUARD_API_TOKENS: {@code name} is the actor recorded in the audit trail. */
public record ApiToken(String name, Role role, String token) {
    @Override
    public String toString() {
        return name + ":" + role.name().toLowerCase(Locale.ROOT) + ":***";
    }
}
