package io.docspaceguard.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.docspaceguard.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the console's queue reads and writes: counts per status, filters, name search, assignment, rule stats. */
abstract class TriageBehaviour {
    private static final Instant NOW = Instant.parse("2025-05-14T09:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private IncidentService service;
    private IncidentDao incidents;
    private AssignmentService assignments;
    private Jdbi jdbi;

    @BeforeEach
    void setUp(Jdbi jdbi) {
        this.jdbi = jdbi;
        service = new IncidentService(jdbi, clock);
        incidents = jdbi.onDemand(IncidentDao.class);
        assignments = new AssignmentService(jdbi, clock);
    }

    @Test
    void the_status_counts_come_from_one_grouped_query_and_follow_the_other_filters() {
        long a = insert("u1", "Anna Keller", "bulk-file-changes", "high");
        insert("u2", "Mark Olsen", "bulk-file-changes", "medium");
        long c = insert("u3", "Anne Marie", "mass-deletion", "high");
        dismiss(a, DismissalReason.FALSE_POSITIVE);
        dismiss(c, DismissalReason.EXPECTED_ACTIVITY);

        assertEquals(Map.of(IncidentStatus.OPEN, 1, IncidentStatus.DISMISSED, 2, IncidentStatus.DISABLED, 0,
                IncidentStatus.REENABLED, 0), service.countByStatus(IncidentFilter.all()));
        assertEquals(Map.of(IncidentStatus.OPEN, 0, IncidentStatus.DISMISSED, 2, IncidentStatus.DISABLED, 0,
                IncidentStatus.REENABLED, 0), service.countByStatus(filter(IncidentStatus.OPEN, "high", null, null)),
                "the status of the filter is what the tabs choose between, so it is left out of their counts");
    }

    @Test
    void a_name_search_matches_any_part_of_the_name_whatever_its_case_and_takes_wildcards_literally() {
        long anna = insert("u1", "Anna Keller", "bulk-file-changes", "high");
        long anne = insert("u3", "Anne Marie", "bulk-file-changes", "high");
        insert("u2", "Mark Olsen", "bulk-file-changes", "high");
        long percent = insert("u4", "100% Sure", "bulk-file-changes", "high");
        insert("u5", null, "bulk-file-changes", "high");

        assertEquals(List.of(anne, anna), ids(filter(null, null, null, "ANN")));
        assertEquals(List.of(anna), ids(filter(null, null, null, "keller")));
        assertEquals(List.of(percent), ids(filter(null, null, null, "%")));
        assertEquals(List.of(), ids(filter(null, null, null, "a_n")));
    }

    @Test
    void severity_and_dismissal_reason_filter_the_list() {
        long a = insert("u1", "Anna Keller", "bulk-file-changes", "high");
        long b = insert("u2", "Mark Olsen", "bulk-file-changes", "medium");
        dismiss(a, DismissalReason.FALSE_POSITIVE);

        assertEquals(List.of(b), ids(filter(null, "medium", null, null)));
        assertEquals(List.of(a), ids(new IncidentFilter(null, null, null, null, null, null, null, null,
                DismissalReason.FALSE_POSITIVE, null, null)));
    }

    @Test
    void a_reviewer_takes_an_incident_another_takes_it_over_and_releases_it_each_step_in_the_trail() {
        long id = insert("u1", "Anna Keller", "bulk-file-changes", "high");

        assertEquals("rick", assignments.take(id, "rick").assignee());
        assertEquals("rick", assignments.take(id, "rick").assignee());
        assertEquals(List.of(id), ids(new IncidentFilter(null, null, null, null, null, null, null, null, null,
                "rick", null)));
        assertEquals("rita", assignments.take(id, "rita").assignee());
        assertNull(assignments.release(id, "rita").assignee());

        List<TrailEntry> trail = jdbi.onDemand(TrailDao.class).forIncident(id);
        assertEquals(List.of("assign:taken", "assign:taken over from rick", "release:released"),
                trail.stream().map(t -> t.action() + ":" + t.comment()).toList());
    }

    @Test
    void rule_stats_count_each_rules_incidents_by_status_and_its_dismissals_by_reason() {
        long a = insert("u1", "Anna Keller", "bulk-file-changes", "high");
        long b = insert("u2", "Mark Olsen", "bulk-file-changes", "high");
        insert("u3", "Anne Marie", "bulk-file-changes", "high");
        long d = insert("u4", "Tom", "mass-deletion", "high");
        dismiss(a, DismissalReason.FALSE_POSITIVE);
        dismiss(b, DismissalReason.FALSE_POSITIVE);
        dismiss(d, DismissalReason.HANDLED_ELSEWHERE);

        List<RuleStats> stats = service.ruleStats();

        assertEquals(List.of("bulk-file-changes", "mass-deletion"), stats.stream().map(RuleStats::rule).toList());
        RuleStats bulk = stats.get(0);
        assertEquals(3, bulk.total());
        assertEquals(Map.of("open", 1, "dismissed", 2, "disabled", 0, "reenabled", 0), bulk.byStatus());
        assertEquals(Map.of("false_positive", 2, "expected_activity", 0, "handled_elsewhere", 0), bulk.dismissedBy());
        assertEquals(1, stats.get(1).dismissedBy().get("handled_elsewhere"));
    }

    private long insert(String userId, String userName, String rule, String severity) {
        clock.advance(java.time.Duration.ofSeconds(1));
        return incidents.insert(Incident.opened(userId, userName, rule, severity, 1, NOW, NOW, clock.instant(), "v1",
                false, 20, 600_000L, null, null, null));
    }

    private void dismiss(long id, DismissalReason reason) {
        incidents.dismiss(id, reason, clock.instant());
    }

    private static IncidentFilter filter(IncidentStatus status, String severity, String assignee, String userName) {
        return new IncidentFilter(status, null, null, null, null, null, null, severity, null, assignee, userName);
    }

    private List<Long> ids(IncidentFilter filter) {
        return service.list(filter).items().stream().map(Incident::id).toList();
    }
}
