package io.docspaceguard.bench;

import io.docspaceguard.incident.BulkWorkDao;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentDao;
import io.docspaceguard.incident.IncidentQueries;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.incident.TrailDao;
import io.docspaceguard.incident.TrailFilter;
import io.docspaceguard.scan.ScanRunDao;
import io.docspaceguard.store.AuditEventDao;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.jdbi.v3.core.Handle;

/**
 * The read routes the console uses, each with realistic parameters drawn from the seed, and the statements each
 * makes the database run — the same DAO calls as the service, in the same transactions, so that their time on one
 * open connection is the floor the route's latency is compared with.
 */
final class ReadRoutes {
    /** As the console asks: 25 incidents a page, 50 trail entries, 20 scans. */
    static final int INCIDENT_PAGE = 25;
    static final int TRAIL_PAGE = 50;
    static final int SCAN_PAGE = 20;
    /** IncidentService's timeline margin and cap: the statement the timeline route issues. */
    private static final Duration TIMELINE_MARGIN = Duration.ofMinutes(10);
    private static final int TIMELINE_LIMIT = 5_000;
    private static final List<IncidentStatus> STATUSES = List.of(IncidentStatus.values());

    /**
     * Parameters of one request: any route takes what it needs.
     *
     * @param userName a part of a seeded user's name, as a reviewer types it into the console's user filter
     */
    record Draw(long incidentId, String userId, String rule, IncidentStatus status, String userName) {
    }

    /** A route: its path for a draw, and its statements (none for routes that ask no database). */
    record Route(String name, PathOf path, Statements statements) {
        boolean asksDatabase() {
            return statements != null;
        }
    }

    interface PathOf {
        String of(Draw d);
    }

    interface Statements {
        void run(Handle h, Draw d);
    }

    /** What the seed holds, read back from the database, for drawing parameters. */
    record SeedFacts(long firstIncident, long lastIncident, List<String> users, List<String> rules,
                     List<String> names) {
        static SeedFacts read(Handle h) {
            return new SeedFacts(h.createQuery("SELECT min(id) FROM incident").mapTo(Long.class).one(),
                    h.createQuery("SELECT max(id) FROM incident").mapTo(Long.class).one(),
                    h.createQuery("SELECT DISTINCT user_id FROM incident ORDER BY user_id").mapTo(String.class).list(),
                    h.createQuery("SELECT DISTINCT rule FROM incident ORDER BY rule").mapTo(String.class).list(),
                    h.createQuery("SELECT DISTINCT user_name FROM incident WHERE user_name IS NOT NULL ORDER BY user_name")
                            .mapTo(String.class).list());
        }
    }

    private final SeedFacts facts;
    private final Map<IncidentStatus, Long> secondPage;
    private final List<Route> routes;

    /** {@code setup} reads the seed's facts and the cursor of each status list's second page, as the console's "Older incidents" has it. */
    ReadRoutes(Handle setup) {
        this.facts = SeedFacts.read(setup);
        this.secondPage = new EnumMap<>(IncidentStatus.class);
        for (IncidentStatus status : STATUSES) {
            List<Incident> first = setup.attach(IncidentQueries.class).list(incidents(status, null, null, null),
                    INCIDENT_PAGE + 1);
            if (first.size() > INCIDENT_PAGE) {
                secondPage.put(status, first.get(INCIDENT_PAGE - 1).id());
            }
        }
        this.routes = List.of(
                new Route("GET /health", d -> "/health",
                        (h, d) -> h.createQuery("SELECT 1").mapTo(Integer.class).one()),
                new Route("GET /api/me", d -> "/api/me", null),
                new Route("GET /api/rules", d -> "/api/rules", null),
                new Route("GET /api/scans", d -> "/api/scans?limit=" + SCAN_PAGE,
                        (h, d) -> h.attach(ScanRunDao.class).recent(SCAN_PAGE + 1, null)),
                new Route("GET /api/bulk-work", d -> "/api/bulk-work",
                        (h, d) -> h.attach(BulkWorkDao.class).list(null, 100)),
                incidentList("", d -> incidents(null, null, null, null)),
                incidentList("?status", d -> incidents(d.status(), null, null, null)),
                incidentList("?rule", d -> incidents(null, null, d.rule(), null)),
                incidentList("?userId", d -> incidents(null, d.userId(), null, null)),
                incidentList("?status&rule", d -> incidents(d.status(), null, d.rule(), null)),
                incidentList("?status&userId", d -> incidents(d.status(), d.userId(), null, null)),
                incidentList("?status&cursor (page 2)", d -> incidents(d.status(), null, null, secondPage.get(d.status()))),
                incidentList("?userName", d -> byName(null, null, d.userName())),
                incidentList("?status&userName", d -> byName(d.status(), null, d.userName())),
                counts("", d -> byName(null, null, null)),
                counts("?rule", d -> byName(null, d.rule(), null)),
                counts("?userName", d -> byName(null, null, d.userName())),
                new Route("GET /api/rules/stats", d -> "/api/rules/stats",
                        (h, d) -> h.attach(IncidentQueries.class).countByRule()),
                new Route("GET /api/incidents/{id}", d -> "/api/incidents/" + d.incidentId(), ReadRoutes::detail),
                new Route("GET /api/incidents/{id}/timeline", d -> "/api/incidents/" + d.incidentId() + "/timeline",
                        ReadRoutes::timeline),
                new Route("GET /api/audit-trail", d -> "/api/audit-trail?limit=" + TRAIL_PAGE,
                        (h, d) -> h.attach(TrailDao.class).find(TrailFilter.all(TRAIL_PAGE + 1))),
                new Route("GET /api/audit-trail?incidentId", d -> "/api/audit-trail?limit=" + TRAIL_PAGE
                        + "&incidentId=" + d.incidentId(), (h, d) -> h.attach(TrailDao.class).find(
                        new TrailFilter(d.incidentId(), null, null, null, null, null, null, TRAIL_PAGE + 1))));
    }

    List<Route> routes() {
        return routes;
    }

    SeedFacts facts() {
        return facts;
    }

    Draw draw(SplittableRandom random) {
        long id = facts.firstIncident() + random.nextLong(facts.lastIncident() - facts.firstIncident() + 1);
        return new Draw(id, facts.users().get(random.nextInt(facts.users().size())),
                facts.rules().get(random.nextInt(facts.rules().size())), STATUSES.get(random.nextInt(STATUSES.size())),
                nameSearch(facts.names().get(random.nextInt(facts.names().size())), random));
    }

    /**
     * What a reviewer types to find someone: the first name ("Anna", matching many), the surname in lower case
     * ("keller"), the whole name in capitals (one name, few people), or three letters from inside it ("na k").
     */
    static String nameSearch(String name, SplittableRandom random) {
        int space = Math.max(0, name.indexOf(' '));
        return switch (random.nextInt(4)) {
            case 0 -> name.substring(0, space == 0 ? name.length() : space);
            case 1 -> name.substring(space).strip().toLowerCase(Locale.ROOT);
            case 2 -> name.toUpperCase(Locale.ROOT);
            default -> {
                int from = random.nextInt(Math.max(1, name.length() - 2));
                yield name.substring(from, Math.min(name.length(), from + 3));
            }
        };
    }

    /** The request for the {@code n}th of a run: routes in turn, each with fresh parameters. */
    OpenLoop.Request request(String base, int n, SplittableRandom random) {
        Route route = routes.get(n % routes.size());
        return new OpenLoop.Request(route.name(), URI.create(base + route.path().of(draw(random))));
    }

    private interface FilterOf {
        IncidentFilter of(Draw d);
    }

    private static Route incidentList(String name, FilterOf filter) {
        return new Route("GET /api/incidents" + name, d -> query("/api/incidents", filter.of(d)),
                (h, d) -> h.attach(IncidentQueries.class).list(filter.of(d), INCIDENT_PAGE + 1));
    }

    /** The status tabs' counts under the filter: what the console asks beside every list it shows. */
    private static Route counts(String name, FilterOf filter) {
        return new Route("GET /api/incidents/counts" + name, d -> query("/api/incidents/counts", filter.of(d)),
                (h, d) -> h.attach(IncidentQueries.class).countByStatus(filter.of(d)));
    }

    private static IncidentFilter incidents(IncidentStatus status, String userId, String rule, Long cursor) {
        return new IncidentFilter(status, userId, rule, null, null, INCIDENT_PAGE, cursor);
    }

    /** A page by status, rule and part of the name; the counts route ignores the status and page size. */
    private static IncidentFilter byName(IncidentStatus status, String rule, String userName) {
        return new IncidentFilter(status, null, rule, null, null, INCIDENT_PAGE, null, null, null, null, userName);
    }

    /** The path with the filter's parameters; the page size only where the route pages. */
    private static String query(String path, IncidentFilter f) {
        List<String> params = new ArrayList<>();
        if (path.equals("/api/incidents")) {
            params.add("limit=" + f.limit());
        }
        if (f.status() != null) {
            params.add("status=" + f.status().wireName());
        }
        if (f.rule() != null) {
            params.add("rule=" + URLEncoder.encode(f.rule(), StandardCharsets.UTF_8));
        }
        if (f.userId() != null) {
            params.add("userId=" + URLEncoder.encode(f.userId(), StandardCharsets.UTF_8));
        }
        if (f.userName() != null) {
            params.add("userName=" + URLEncoder.encode(f.userName(), StandardCharsets.UTF_8));
        }
        if (f.cursor() != null) {
            params.add("cursor=" + f.cursor());
        }
        return params.isEmpty() ? path : path + "?" + String.join("&", params);
    }

    /** As IncidentService.get: the incident, its files, its events and its history in one transaction. */
    private static void detail(Handle h, Draw d) {
        h.useTransaction(t -> {
            IncidentDao incidents = t.attach(IncidentDao.class);
            incidents.get(d.incidentId()).orElseThrow();
            incidents.fileIds(d.incidentId());
            t.attach(AuditEventDao.class).ofIncident(d.incidentId());
            t.attach(TrailDao.class).forIncident(d.incidentId());
        });
    }

    /** As IncidentService.timeline: the incident, its counted events, and its user's events around it. */
    private static void timeline(Handle h, Draw d) {
        h.useTransaction(t -> {
            IncidentDao incidents = t.attach(IncidentDao.class);
            Incident incident = incidents.get(d.incidentId()).orElseThrow();
            Duration window = Duration.ofMillis(incident.windowMillis() == null ? 0 : incident.windowMillis());
            Instant from = incident.firstEventAt().minus(window).minus(TIMELINE_MARGIN);
            incidents.eventIds(d.incidentId());
            t.attach(AuditEventDao.class).firstOfUser(incident.userId(), from,
                    incident.lastEventAt().plus(TIMELINE_MARGIN), TIMELINE_LIMIT + 1);
        });
    }
}
