package io.docspaceguard.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counts kept beside the incidents (migration V11) and the name search that reads them answer what counting and
 * matching the incidents themselves answers, after every insert and move, at once from several writers too. The
 * reference is worked out in Java from the incident rows as they stand.
 */
abstract class IncidentCountBehaviour {
    private static final Instant NOW = Instant.parse("2025-05-14T09:00:00Z");
    private static final List<String> SEARCHES = List.of("ann", "KELLER", "anna k", "schmidt", "mark", "%", "_", "!",
            "\\", "a_n", "100%", "o", "nobody");

    private final MutableClock clock = new MutableClock(NOW);
    private Jdbi jdbi;
    private IncidentDao incidents;
    private IncidentService service;

    @BeforeEach
    void setUp(Jdbi jdbi) {
        this.jdbi = jdbi;
        incidents = jdbi.onDemand(IncidentDao.class);
        service = new IncidentService(jdbi, clock);
    }

    @Test
    void the_status_counts_and_rule_stats_are_those_of_the_incidents_after_every_insert_and_move() {
        long a = insert("u1", "Anna Keller", "bulk-file-changes", "high");
        long b = insert("u2", "Mark Olsen", "bulk-file-changes", "medium");
        long c = insert("u3", null, "mass-deletion", "high");
        long d = insert("u1", "Anna Keller", "mass-deletion", "critical");
        assertSameAnswers();

        assertTrue(incidents.dismiss(a, DismissalReason.FALSE_POSITIVE, clock.instant()));
        assertSameAnswers();
        assertTrue(incidents.updateStatus(b, IncidentStatus.OPEN, IncidentStatus.DISABLED, clock.instant()));
        assertTrue(incidents.dismiss(c, DismissalReason.HANDLED_ELSEWHERE, clock.instant()));
        assertSameAnswers();
        assertTrue(incidents.updateStatus(b, IncidentStatus.DISABLED, IncidentStatus.REENABLED, clock.instant()));
        assertTrue(incidents.updateStatus(d, IncidentStatus.OPEN, IncidentStatus.DISMISSED, clock.instant()));
        assertSameAnswers();

        assertFalse(incidents.dismiss(a, DismissalReason.EXPECTED_ACTIVITY, clock.instant()), "dismissed already");
        assertFalse(incidents.updateStatus(c, IncidentStatus.OPEN, IncidentStatus.DISABLED, clock.instant()));
        assertSameAnswers();
        assertEquals(Map.of("false_positive", 1, "expected_activity", 0, "handled_elsewhere", 0),
                service.ruleStats().get(0).dismissedBy(), "a refused move counts nothing");
    }

    @Test
    void a_name_search_finds_what_matching_each_incidents_name_finds_for_renamed_and_nameless_users_too() {
        insert("u1", "Anna Keller", "bulk-file-changes", "high");
        long renamed = insert("u1", "Anna Schmidt", "mass-deletion", "high"); // renamed in DocSpace meanwhile
        insert("u2", "Mark Olsen", "bulk-file-changes", "medium");
        insert("u2", null, "mass-deletion", "medium");
        insert("u3", "100% Sure", "bulk-file-changes", "high");
        insert("u4", "a_n\\d!", "bulk-file-changes", "high");
        insert("u5", "Joanna Mark", "bulk-file-changes", "high");
        incidents.dismiss(renamed, DismissalReason.EXPECTED_ACTIVITY, clock.instant());

        assertSameAnswers();
        assertEquals(List.of(renamed), ids(byName(null, "schmidt")), "only the incident stored with that name");
    }

    @Test
    void a_search_matching_more_users_than_it_lists_by_id_still_finds_the_newest_of_them() {
        jdbi.useTransaction(h -> {
            IncidentDao dao = h.attach(IncidentDao.class);
            for (int i = 0; i < UserMatches.MAX_LISTED + 20; i++) {
                clock.advance(Duration.ofSeconds(1));
                dao.insert(incident("user-" + i, "Zed " + i, i % 3 == 0 ? "mass-deletion" : "bulk-file-changes"));
            }
        });
        insert("other", "Anna Keller", "bulk-file-changes", "high");

        for (String search : List.of("zed", "zed 1", "ZED 51")) {
            for (IncidentStatus status : new IncidentStatus[] {null, IncidentStatus.OPEN}) {
                IncidentFilter filter = byName(status, search);
                assertEquals(expectedIds(filter), ids(filter), filter.toString());
                assertEquals(expectedCounts(filter), service.countByStatus(filter), filter.toString());
            }
        }
    }

    @Test
    void writers_at_once_keep_the_counts_those_of_the_incidents() throws Exception {
        int writers = 6;
        CyclicBarrier together = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        together.await(30, TimeUnit.SECONDS);
                        // the same user and name under rules of their own, and users of their own under one rule:
                        // every count a round touches is new, and every writer adds to it at the same moment
                        long shared = incidents.insert(incident("shared", "Shared Name", "rule-" + round + "-" + writer));
                        long own = incidents.insert(incident("user-" + writer, "User " + writer, "rule-" + round));
                        together.await(30, TimeUnit.SECONDS);
                        incidents.dismiss(shared, DismissalReason.values()[round % 3], clock.instant());
                        incidents.updateStatus(own, IncidentStatus.OPEN, IncidentStatus.DISABLED, clock.instant());
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertSameAnswers();
        assertEquals(24, service.countByStatus(byName(null, "shared name")).get(IncidentStatus.DISMISSED));
    }

    /** Counts, rule stats and name searches (lists and counts, with and without a status) against the reference. */
    private void assertSameAnswers() {
        List<IncidentFilter> filters = new ArrayList<>(List.of(IncidentFilter.all(),
                filter(null, "bulk-file-changes", null, null, null), filter(null, null, "high", null, null),
                filter(null, null, null, DismissalReason.FALSE_POSITIVE, null),
                filter(null, "mass-deletion", "high", null, null), filter("u1", null, null, null, null),
                filter(null, "bulk-file-changes", null, null, "ann"), filter("u2", null, null, null, "mark")));
        SEARCHES.forEach(search -> filters.add(byName(null, search)));
        for (IncidentFilter filter : filters) {
            assertEquals(expectedCounts(filter), service.countByStatus(filter), filter.toString());
            for (IncidentStatus status : IncidentStatus.values()) {
                IncidentFilter tab = withStatus(filter, status);
                assertEquals(expectedIds(tab), ids(tab), tab.toString());
            }
            assertEquals(expectedIds(filter), ids(filter), filter.toString());
        }
        assertEquals(expectedRuleStats(), service.ruleStats());
    }

    /** An incident as the reference reads it: straight from its row. */
    record Row(long id, String userId, String userName, String rule, String severity, IncidentStatus status,
               DismissalReason dismissalReason) {
        boolean matches(IncidentFilter f) {
            return (f.status() == null || f.status() == status) && (f.userId() == null || f.userId().equals(userId))
                    && (f.rule() == null || f.rule().equals(rule))
                    && (f.severity() == null || f.severity().equals(severity))
                    && (f.dismissalReason() == null || f.dismissalReason() == dismissalReason)
                    && (f.userName() == null || userName != null
                        && userName.toLowerCase(Locale.ROOT).contains(f.userName().toLowerCase(Locale.ROOT)));
        }
    }

    private List<Row> rows() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, user_id, user_name, rule, severity, status, dismissal_reason FROM incident""")
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("user_id"), rs.getString("user_name"),
                        rs.getString("rule"), rs.getString("severity"), IncidentStatus.fromWire(rs.getString("status")),
                        rs.getString("dismissal_reason") == null ? null
                                : DismissalReason.fromWire(rs.getString("dismissal_reason"))))
                .list());
    }

    private Map<IncidentStatus, Integer> expectedCounts(IncidentFilter filter) {
        IncidentFilter any = filter.anyStatus();
        Map<IncidentStatus, Integer> counts = new EnumMap<>(IncidentStatus.class);
        for (IncidentStatus status : IncidentStatus.values()) {
            counts.put(status, 0);
        }
        rows().stream().filter(r -> r.matches(any)).forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }

    private List<Long> expectedIds(IncidentFilter filter) {
        return rows().stream().filter(r -> r.matches(filter)).map(Row::id).sorted(Comparator.reverseOrder())
                .limit(filter.pageSize()).toList();
    }

    private List<RuleStats> expectedRuleStats() {
        Map<List<Object>, Integer> grouped = new HashMap<>();
        rows().forEach(r -> grouped.merge(Arrays.asList(r.rule(), r.status(), r.dismissalReason()), 1,
                Integer::sum));
        List<IncidentQueries.RuleCount> counts = new ArrayList<>();
        grouped.forEach((key, n) -> counts.add(new IncidentQueries.RuleCount((String) key.get(0),
                (IncidentStatus) key.get(1), (DismissalReason) key.get(2), n)));
        return RuleStats.of(counts);
    }

    private List<Long> ids(IncidentFilter filter) {
        return service.list(filter).items().stream().map(Incident::id).toList();
    }

    private long insert(String userId, String userName, String rule, String severity) {
        clock.advance(Duration.ofSeconds(1));
        return incidents.insert(incident(userId, userName, rule, severity));
    }

    private Incident incident(String userId, String userName, String rule) {
        return incident(userId, userName, rule, "high");
    }

    private Incident incident(String userId, String userName, String rule, String severity) {
        return Incident.opened(userId, userName, rule, severity, 1, NOW, NOW, clock.instant(), "v1", false, 20,
                600_000L, null, null, null);
    }

    private static IncidentFilter filter(String userId, String rule, String severity, DismissalReason reason,
                                         String userName) {
        return new IncidentFilter(null, userId, rule, null, null, IncidentFilter.MAX_LIMIT, null, severity, reason,
                null, userName);
    }

    private static IncidentFilter byName(IncidentStatus status, String userName) {
        return new IncidentFilter(status, null, null, null, null, null, null, null, null, null, userName);
    }

    private static IncidentFilter withStatus(IncidentFilter f, IncidentStatus status) {
        return new IncidentFilter(status, f.userId(), f.rule(), f.since(), f.until(), f.limit(), f.cursor(),
                f.severity(), f.dismissalReason(), f.assignee(), f.userName());
    }
}
