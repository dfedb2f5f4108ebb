package io.docspaceguard.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the bearer token of every request against GUARD_API_TOKENS. Tokens are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, over every configured token, so the time taken says
 * nothing about how much of a token matched or which one.
 */
final class Authenticator {
    static final String ACTOR = "actor";
    static final String ROLE = "role";
    private static final String BEARER = "Bearer ";

    private record Known(ApiToken token, byte[] digest) {
    }

    private final List<Known> known;

    Authenticator(List<ApiToken> tokens) {
        this.known = tokens.stream().map(t -> new Known(t, digest(t.token()))).toList();
    }

    /** Runs before every matched route: 401 without a known token, 403 without the role the route needs. */
    void check(Context ctx) {
        Access access = accessOf(ctx.routeRoles());
        if (access == Access.ANYONE || (access == Access.LOOPBACK_OR_VIEWER && fromLoopback(ctx))) {
            return;
        }
        ApiToken caller = identify(ctx.header("Authorization"))
                .orElseThrow(() -> new ApiException(401, "unauthorized", "a valid bearer token is required"));
        if (!caller.role().allows(access.role)) {
            throw new ApiException(403, "forbidden", "this needs the " + access.role.name().toLowerCase()
                    + " role; token '" + caller.name() + "' has " + caller.role().name().toLowerCase());
        }
        ctx.attribute(ACTOR, caller.name());
        ctx.attribute(ROLE, caller.role());
    }

    Optional<ApiToken> identify(String authorization) {
        // The scheme is case-insensitive (RFC 9110 §11.1); some clients send "bearer".
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).strip());
        ApiToken match = null;
        for (Known candidate : known) {
            if (MessageDigest.isEqual(candidate.digest, presented)) {
                match = candidate.token;
            }
        }
        return Optional.ofNullable(match);
    }

    private static Access accessOf(Set<RouteRole> roles) {
        // A route registered without an access level is closed rather than open by mistake.
        return roles.stream().filter(Access.class::isInstance).map(Access.class::cast).findFirst()
                .orElse(Access.ADMIN);
    }

    private static boolean fromLoopback(Context ctx) {
        try {
            return InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
