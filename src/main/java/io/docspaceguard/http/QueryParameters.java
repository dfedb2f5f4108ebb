package io.docspaceguard.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters each route takes. Anything else is a 400 naming it: a misspelt filter ({@code stauts=open})
 * must not quietly answer with everything.
 */
final class QueryParameters {
    private static final Set<String> PAGE = Set.of("limit", "cursor");
    /** The incident filters; the list pages them, the status counts take all but status. */
    private static final Set<String> INCIDENT_FILTERS = Set.of("userId", "userName", "rule", "severity",
            "dismissalReason", "assignee", "since", "until");
    private static final Map<String, Set<String>> BY_ROUTE = Map.of(
            "GET /api/incidents", union(INCIDENT_FILTERS, Set.of("status", "limit", "cursor")),
            "GET /api/incidents/counts", INCIDENT_FILTERS,
            "GET /api/audit-trail", Set.of("incidentId", "actor", "userId", "action", "since", "until", "limit",
                    "cursor"),
            "GET /api/scans", PAGE,
            "GET /api/bulk-work", Set.of("current", "limit"),
            "GET /api/incidents/{id}/recovery", Set.of("format"));

    private QueryParameters() {
    }

    /** The query parameters a route ("GET /api/incidents") takes. */
    static Set<String> of(String route) {
        return BY_ROUTE.getOrDefault(route, Set.of());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** {@code handler}, refusing first a query parameter the route does not take; routes not listed take none. */
    static Handler checked(String route, Handler handler) {
        Set<String> taken = of(route);
        return ctx -> {
            check(ctx, taken);
            handler.handle(ctx);
        };
    }

    private static void check(Context ctx, Set<String> taken) {
        Set<String> unknown = new TreeSet<>(ctx.queryParamMap().keySet());
        unknown.removeAll(taken);
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + (taken.isEmpty() ? "; this route takes none"
                    : "; this route takes " + String.join(", ", new TreeSet<>(taken))));
        }
    }
}
