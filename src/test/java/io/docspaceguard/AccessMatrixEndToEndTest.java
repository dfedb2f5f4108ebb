package io.docspaceguard;

import static io.docspaceguard.AccessMatrixEndToEndTest.Need.ADMIN;
import static io.docspaceguard.AccessMatrixEndToEndTest.Need.ANYONE;
import static io.docspaceguard.AccessMatrixEndToEndTest.Need.LOOPBACK;
import static io.docspaceguard.AccessMatrixEndToEndTest.Need.REVIEWER;
import static io.docspaceguard.AccessMatrixEndToEndTest.Need.VIEWER;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of SPEC §7 against every kind of caller, from loopback. A refused call must be exactly 401
 * (no or unknown token) or 403 (a role below the route's); an allowed one must get past authorisation —
 * it may still answer 400, 404 or 409 for its empty body or an incident that does not exist.
 */
class AccessMatrixEndToEndTest {
    /** What a route asks of its caller; {@link #LOOPBACK}: a viewer, or no token at all from loopback. */
    enum Need { ANYONE, LOOPBACK, VIEWER, REVIEWER, ADMIN }

    record Route(String method, String path, Need minimum) {
        @Override
        public String toString() {
            return method + " " + path + " needs " + minimum.name().toLowerCase();
        }
    }

    /** Who calls: no token, a token nobody issued, then the three roles, lowest first. */
    enum Caller {
        NO_TOKEN(null, null),
        UNKNOWN_TOKEN("unknown-token-0123456789", null),
        VIEWER_TOKEN(GuardFixture.VIEWER, Need.VIEWER),
        REVIEWER_TOKEN(GuardFixture.REVIEWER, Need.REVIEWER),
        ADMIN_TOKEN(GuardFixture.ADMIN, Need.ADMIN);

        final String token;
        final Need role;

        Caller(String token, Need role) {
            this.token = token;
            this.role = role;
        }
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET",  "/health",                    ANYONE),
                new Route("GET",  "/metrics",                   LOOPBACK),
                new Route("POST", "/api/scans",                 REVIEWER),
                new Route("GET",  "/api/scans/1",               VIEWER),
                new Route("POST", "/api/scans/999/cancel",      REVIEWER),
                new Route("POST", "/api/scans/999/resume",      REVIEWER),
                new Route("GET",  "/api/scans",                 VIEWER),
                new Route("GET",  "/security/scan",             REVIEWER),
                new Route("GET",  "/api/incidents",             VIEWER),
                new Route("GET",  "/api/incidents/counts",      VIEWER),
                new Route("GET",  "/api/incidents/1",           VIEWER),
                new Route("GET",  "/api/incidents/1/timeline",  VIEWER),
                new Route("GET",  "/api/incidents/1/recovery",  VIEWER),
                new Route("GET",  "/api/me",                    VIEWER),
                new Route("POST", "/api/incidents/1/approve",   REVIEWER),
                new Route("POST", "/api/incidents/1/dismiss",   REVIEWER),
                new Route("POST", "/api/incidents/1/reenable",  REVIEWER),
                new Route("POST", "/api/incidents/1/confirm",   REVIEWER),
                new Route("POST", "/api/incidents/1/take",      REVIEWER),
                new Route("POST", "/api/incidents/1/release",   REVIEWER),
                new Route("GET",  "/api/audit-trail",           VIEWER),
                new Route("GET",  "/api/bulk-work",             VIEWER),
                new Route("GET",  "/api/bulk-work/1",           VIEWER),
                new Route("POST", "/api/bulk-work",             REVIEWER),
                new Route("POST", "/api/bulk-work/999/revoke",  REVIEWER),
                new Route("GET",  "/api/rules",                 VIEWER),
                new Route("GET",  "/api/rules/stats",           VIEWER),
                new Route("POST", "/api/rules/reload",          ADMIN));
    }

    @TempDir
    static Path work;
    private static GuardFixture guard;

    @BeforeAll
    static void start() {
        guard = new GuardFixture(work, GuardFixture.at("11:00:00"), Map.of()).start();
    }

    @AfterAll
    static void stop() {
        guard.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void each_route_answers_401_without_a_known_token_403_below_its_role_and_serves_the_rest(Route route) {
        assertAll(Arrays.stream(Caller.values()).map(caller -> (Executable) () -> check(route, caller)));
    }

    private static void check(Route route, Caller caller) {
        ApiClient.Answer answer = call(route, caller.token);
        String what = route + ", called with " + caller + " -> " + answer.status() + " " + answer.text();
        if (route.minimum == ANYONE || route.minimum == LOOPBACK) {
            assertEquals(200, answer.status(), what);
        } else if (caller.role == null) {
            assertEquals(401, answer.status(), what);
            assertEquals("unauthorized", answer.body().path("type").asText(), what);
        } else if (caller.role.compareTo(route.minimum) < 0) {
            assertEquals(403, answer.status(), what);
            assertEquals("forbidden", answer.body().path("type").asText(), what);
        } else {
            assertTrue(answer.status() != 401 && answer.status() != 403 && answer.status() < 500, what);
        }
    }

    private static ApiClient.Answer call(Route route, String token) {
        return route.method.equals("POST")
                ? guard.api().post(route.path, token, "")
                : guard.api().get(route.path, token);
    }
}
