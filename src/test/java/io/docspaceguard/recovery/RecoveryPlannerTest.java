package io.docspaceguard.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.FakeDocSpace;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentDetail;
import io.docspaceguard.incident.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each reason a file is or is not recovered, decided from the fake portal's versions, trash and locks. */
class RecoveryPlannerTest {
    private static final String MALLORY = "6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d10";
    private static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    private static final Instant BEFORE = Instant.parse("2025-05-14T08:00:00Z");
    private static final Instant FIRST = Instant.parse("2025-05-14T10:30:00Z");
    private static final Instant LAST = Instant.parse("2025-05-14T10:40:00Z");
    private final FakeDocSpace portal = new FakeDocSpace();
    private HttpDocSpaceClient client;
    private RecoveryPlanner planner;

    @BeforeEach
    void start() {
        portal.start();
        portal.addUser(MALLORY, "Mallory Mole", false, false);
        portal.addUser(ANNA, "Anna Keller", false, false);
        client = new HttpDocSpaceClient(portal.baseUrl(), portal.apiKey(),
                new HttpDocSpaceClient.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(10),
                        Duration.ofMillis(50)));
        planner = new RecoveryPlanner(client);
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    @Test
    void each_file_gets_the_decision_docspace_permits() {
        portal.addFile("1", "a.docx", ANNA, BEFORE);
        portal.overwriteFile("1", MALLORY, FIRST);                       // overwritten: restore version 1
        portal.addFile("2", "b.docx", ANNA, BEFORE);
        portal.overwriteFile("2", ANNA, BEFORE.plusSeconds(60));
        portal.renameFile("2", "b.docx.ryk.docx", MALLORY, FIRST);       // renamed (in place): rename back
        portal.addFile("3", "c.docx", ANNA, BEFORE);
        portal.overwriteFile("3", MALLORY, FIRST);
        portal.setFileBusy("3", true, false);                            // locked: skipped
        portal.addFile("4", "d.docx", ANNA, BEFORE);
        portal.overwriteFile("4", MALLORY, FIRST);
        portal.setFileBusy("4", false, true);                            // open in the editor: skipped
        portal.addFile("5", "e.docx", MALLORY, FIRST);                   // the account's own file: nothing earlier
        portal.addFile("6", "f.docx", ANNA, BEFORE);                     // touched, not changed: unchanged
        portal.addFile("7", "g.docx", ANNA, BEFORE);
        portal.trashFile("7", ANNA, FIRST);                              // someone else's trash: no access
        portal.addFile("9", "h.docx", ANNA, BEFORE);
        portal.renameFile("9", "h.docx.ryk.docx", MALLORY, FIRST);       // the only version renamed: title lost
        portal.addFile("10", "i.docx", ANNA, BEFORE);
        portal.renameFile("10", "i.docx.ryk.docx", MALLORY, FIRST);
        portal.overwriteFile("10", MALLORY, FIRST.plusSeconds(5));       // renamed, then overwritten: content back

        RecoveryPlan plan = planner.plan(detail(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10")));

        assertEquals(List.of(
                "1 restore planned content changed since version 1",
                "2 rename planned renamed from 'b.docx' (the title of version 1)",
                "3 none skipped " + RecoveryPlanner.LOCKED,
                "4 none skipped " + RecoveryPlanner.EDITING,
                "5 none cannot " + RecoveryPlanner.NO_EARLIER,
                "6 none unchanged " + RecoveryPlanner.UNCHANGED,
                "7 none cannot " + RecoveryPlanner.NO_ACCESS,
                "8 none cannot " + RecoveryPlanner.DELETED,
                "9 none cannot " + RecoveryPlanner.RENAMED_IN_PLACE,
                "10 restore planned content changed since version 1; " + RecoveryPlanner.RENAMED_IN_PLACE),
                plan.items().stream().map(i -> i.fileId() + " " + i.action() + " " + i.outcome() + " " + i.reason())
                        .toList());
        assertEquals(2, plan.totals().toRestore());
        assertEquals(1, plan.totals().toRenameBack());
        assertEquals(1, plan.totals().unchanged());
        assertEquals(2, plan.totals().skipped().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(4, plan.totals().cannot().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void a_portal_that_does_not_answer_leaves_the_file_for_a_later_plan() {
        portal.addFile("1", "a.docx", ANNA, BEFORE);
        IncidentDetail detail = detail(List.of("1"));
        portal.failNext(503, 1);

        RecoveryPlan plan = planner.plan(detail);

        assertEquals(RecoveryPlanner.LOOKUP_FAILED, plan.items().get(0).reason());
        assertEquals(RecoveryItem.SKIPPED, plan.items().get(0).outcome());
    }

    /** The incident over the given files, with the events the portal's audit trail holds for them. */
    private IncidentDetail detail(List<String> files) {
        Incident incident = new Incident(9, MALLORY, "Mallory Mole", "bulk-file-changes", "high", IncidentStatus.OPEN,
                files.size(), FIRST, LAST, LAST, LAST, "v1", false, null, null, null, null, null, 20, 600_000L, null,
                null, null, null);
        List<AuditEntry> events = client.auditEvents(BEFORE, LAST, 0, 100).events().stream()
                .filter(e -> !e.target().isEmpty() && files.contains(e.target().get(0))).toList();
        return new IncidentDetail(incident, files, events, List.of());
    }
}
