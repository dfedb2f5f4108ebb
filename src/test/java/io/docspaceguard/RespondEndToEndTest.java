package io.docspaceguard;

import static io.docspaceguard.GuardFixture.REVIEWER;
import static io.docspaceguard.GuardFixture.VIEWER;
import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.docspaceguard.docspace.FakeDocSpace.StatusWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Responding to an incident over HTTP (SPEC §5): approve, re-enable, confirm, and what DocSpace receives.
 * The service-level cases (failures, retries, reconciliation, cap, expiry) are in ResponseBehaviour.
 */
class RespondEndToEndTest {
    static final String REASON = "{\"comment\":\"25 files in 4 minutes; her manager knows nothing of it\"}";

    @TempDir
    Path work;
    private GuardFixture guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    @Test
    void approving_disables_exactly_that_user_and_the_history_names_the_reviewer_and_the_comment() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        guard.portal.addUser("anna", "Anna Berg", false, false);
        long id = incidentAfterBurstBy("anna");

        ApiClient.Answer approved = post(id, "approve", REVIEWER, REASON);

        assertEquals(200, approved.status(), approved.text());
        assertEquals("disabled", approved.body().path("status").asText());
        assertEquals(2, approved.body().path("accountStatus").asInt());
        assertEquals("Anna Berg", approved.body().path("userName").asText());
        assertEquals(List.of(new StatusWrite(2, List.of("anna"), 200)), guard.portal.statusWrites());
        assertEquals(2, guard.portal.statusOf("anna"));
        JsonNode history = guard.api().get("/api/incidents/" + id, VIEWER).body().path("history");
        assertEquals(List.of("open", "approve"), field(history, "action"));
        assertEquals("rick", history.get(1).path("actor").asText());
        assertEquals("25 files in 4 minutes; her manager knows nothing of it", history.get(1).path("comment").asText());
    }

    @Test
    void a_disabled_incident_cannot_be_approved_again_but_can_be_reenabled_and_the_trail_lists_each_step() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        guard.portal.addUser("anna", "Anna Berg", false, false);
        long id = incidentAfterBurstBy("anna");
        guard.clock.advance(Duration.ofMinutes(1));
        assertEquals(200, post(id, "approve", REVIEWER, REASON).status());

        ApiClient.Answer again = post(id, "approve", REVIEWER, REASON);
        guard.clock.advance(Duration.ofMinutes(1));
        ApiClient.Answer reenabled = post(id, "reenable", REVIEWER, "{\"comment\":\"a planned migration\"}");

        assertEquals(409, again.status(), again.text());
        assertTrue(again.body().path("title").asText().contains("only open incidents can be approved"), again.text());
        assertEquals(200, reenabled.status(), reenabled.text());
        assertEquals("reenabled", reenabled.body().path("status").asText());
        assertEquals(1, guard.portal.statusOf("anna"));
        assertEquals(List.of(2, 1), guard.portal.statusWrites().stream().map(StatusWrite::status).toList());

        JsonNode trail = trail("incidentId=" + id);
        assertEquals(List.of("reenable", "approve", "open"), field(trail, "action"));
        assertEquals(List.of(at("11:02:00").toString(), at("11:01:00").toString(), at("11:00:00").toString()),
                field(trail, "at"));
        assertEquals(List.of("reenable", "approve"), field(trail("actor=rick"), "action"));
        JsonNode approvals = trail("action=approve");
        assertEquals(List.of("rick"), field(approvals, "actor"));
        assertEquals(id, approvals.get(0).path("incidentId").asLong());
    }

    @Test
    void the_portal_owner_gets_an_incident_but_approving_it_is_a_409_and_docspace_is_never_written() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        guard.portal.addUser("olga", "Olga Owner", false, true);
        long id = incidentAfterBurstBy("olga");

        ApiClient.Answer refused = post(id, "approve", REVIEWER, REASON);

        assertEquals(409, refused.status(), refused.text());
        assertTrue(refused.body().path("title").asText().contains("portal owner"), refused.text());
        assertEquals(List.of(), guard.portal.statusWrites());
        assertEquals("open", statusOf(id));
    }

    @Test
    void docspace_refusing_an_ldap_user_is_a_502_with_its_message_and_the_incident_stays_open() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        guard.portal.addUser("lars", "Lars Lind", false, false);
        guard.portal.setLdap("lars", true);
        long id = incidentAfterBurstBy("lars");

        ApiClient.Answer failed = post(id, "approve", REVIEWER, REASON);

        assertEquals(502, failed.status(), failed.text());
        assertTrue(failed.body().path("title").asText().contains("Access denied"), failed.text());
        assertEquals("open", statusOf(id));
        assertEquals(1, guard.portal.statusOf("lars"));
        JsonNode failures = trail("incidentId=" + id + "&action=action_failed");
        assertEquals(List.of("rick"), field(failures, "actor"));
        assertTrue(failures.get(0).path("outcome").asText().contains("Access denied"), failures.toString());
    }

    @Test
    void approving_needs_a_reviewer_and_a_comment() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        guard.portal.addUser("anna", "Anna Berg", false, false);
        long id = incidentAfterBurstBy("anna");

        assertEquals(400, post(id, "approve", REVIEWER, "").status());
        assertEquals(400, post(id, "approve", REVIEWER, "{}").status());
        assertEquals(400, post(id, "approve", REVIEWER, "{\"comment\":\"   \"}").status());
        assertEquals(403, post(id, "approve", VIEWER, REASON).status());
        assertEquals("open", statusOf(id));
        assertEquals(List.of(), guard.portal.statusWrites());
    }

    @Test
    void in_a_dry_run_approving_sends_nothing_and_the_trail_says_what_would_have_been_done() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of("GUARD_DRY_RUN", "true")).start();
        guard.portal.addUser("anna", "Anna Berg", false, false);
        long id = incidentAfterBurstBy("anna");

        ApiClient.Answer approved = post(id, "approve", REVIEWER, REASON);

        assertEquals(200, approved.status(), approved.text());
        assertEquals("disabled", approved.body().path("status").asText());
        assertEquals(List.of(), guard.portal.statusWrites());
        assertEquals(1, guard.portal.statusOf("anna"));
        String outcome = trail("incidentId=" + id + "&action=approve").get(0).path("outcome").asText();
        assertTrue(outcome.startsWith("dry run"), outcome);
    }

    @Test
    void a_rule_marked_for_auto_disable_disables_at_once_and_a_reviewer_confirms_it() throws IOException {
        guard = new GuardFixture(work, at("11:00:00"), Map.of());
        autoDisableMassDeletion();
        guard.start();
        guard.portal.addUser("mark", "Mark Roth", false, false);
        guard.series("mark", 5017, "10:30:00", 5, 12, 12);              // 12 files moved to trash in a minute

        assertEquals(1, guard.scan("").body().path("incidentsOpened").asInt());
        JsonNode incident = guard.api().get("/api/incidents", VIEWER).body().path("items").get(0);
        long id = incident.path("id").asLong();
        assertEquals("mass-deletion", incident.path("rule").asText());
        assertEquals("disabled", incident.path("status").asText());
        assertEquals("rule:mass-deletion", incident.path("disabledBy").asText());
        assertTrue(incident.path("awaitingConfirmation").asBoolean(), incident.toString());
        assertEquals(List.of(new StatusWrite(2, List.of("mark"), 200)), guard.portal.statusWrites());

        ApiClient.Answer confirmed = post(id, "confirm", REVIEWER, "{\"comment\":\"not a clean-up we planned\"}");

        assertEquals(200, confirmed.status(), confirmed.text());
        assertFalse(confirmed.body().path("awaitingConfirmation").asBoolean(), confirmed.text());
        assertEquals("disabled", confirmed.body().path("status").asText());
        assertEquals("rick", confirmed.body().path("confirmedBy").asText());
        assertEquals(1, guard.portal.statusWrites().size());
    }

    /** Flips the switch in the fixture's copy of rules/mass-deletion.drl, as an operator would. */
    private void autoDisableMassDeletion() throws IOException {
        Path rule = guard.rules.resolve("mass-deletion.drl");
        String drl = Files.readString(rule);
        String changed = drl.replace("massDeletionDisablesAtOnce() {\n    return false;",
                "massDeletionDisablesAtOnce() {\n    return true;");
        assertNotEquals(drl, changed, "mass-deletion.drl no longer looks as this test expects");
        Files.writeString(rule, changed);
    }

    /** 25 files changed in 4 minutes: one open bulk-file-changes incident; its id. */
    private long incidentAfterBurstBy(String userId) {
        guard.series(userId, 5034, "09:00:00", 10, 25, 25);
        assertEquals(1, guard.scan("").body().path("incidentsOpened").asInt());
        JsonNode incident = guard.api().get("/api/incidents?userId=" + userId, VIEWER).body().path("items").get(0);
        assertEquals("open", incident.path("status").asText());
        return incident.path("id").asLong();
    }

    private ApiClient.Answer post(long id, String action, String token, String body) {
        return guard.api().post("/api/incidents/" + id + "/" + action, token, body);
    }

    private String statusOf(long id) {
        return guard.api().get("/api/incidents/" + id, VIEWER).body().path("incident").path("status").asText();
    }

    private JsonNode trail(String query) {
        ApiClient.Answer answer = guard.api().get("/api/audit-trail?" + query, VIEWER);
        assertEquals(200, answer.status(), answer.text());
        return answer.body().path("items");
    }

    private static List<String> field(JsonNode items, String name) {
        List<String> values = new ArrayList<>();
        items.forEach(item -> values.add(item.path(name).asText()));
        return values;
    }
}
