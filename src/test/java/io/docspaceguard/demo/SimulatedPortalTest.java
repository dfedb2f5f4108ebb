package io.docspaceguard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docspaceguard.MutableClock;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.AuditPage;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.docspace.HttpDocSpaceClient;
import io.docspaceguard.docspace.Person;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated portal answers the production client as DocSpace would (docspace-api.md §1–§6). */
class SimulatedPortalTest {
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");
    private static final String OWNER = "0d6e1c9a-1111-4a4a-8b8b-000000000001";
    private static final String ADMIN = "0d6e1c9a-1111-4a4a-8b8b-000000000002";
    private static final String ANNA = "0d6e1c9a-1111-4a4a-8b8b-000000000003";
    private static final PortalUser.Device DEVICE =
            new PortalUser.Device("203.0.113.45", "Germany", "Berlin", "Chrome 124", "Windows 10");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));
    private SimulatedPortal portal;
    private HttpDocSpaceClient client;

    @BeforeEach
    void startPortal() {
        portal = new SimulatedPortal(clock, SimulatedPortal.DEFAULT_ZONE).start(0);
        portal.addUser(new PortalUser(OWNER, "Helena", "Brandt", false, true, false, Person.ACTIVE, DEVICE));
        portal.addUser(new PortalUser(ADMIN, "Tobias", "Richter", true, false, false, Person.ACTIVE, DEVICE));
        portal.addUser(new PortalUser(ANNA, "Anna", "Keller", false, false, false, Person.ACTIVE, DEVICE));
        client = clientWithKey(portal.apiKey());
    }

    @AfterEach
    void stopPortal() {
        portal.close();
    }

    @Test
    void the_audit_filter_pages_newest_first_within_an_inclusive_utc_window() {
        for (int i = 0; i < 150; i++) {
            save(T0.plusSeconds(10L * i), "f" + i);
        }
        Instant from = T0.plusSeconds(10);
        Instant to = T0.plusSeconds(1400);

        AuditPage first = client.auditEvents(from, to, 0, 100);
        AuditPage second = client.auditEvents(from, to, 100, 100);

        assertEquals(100, first.received());
        assertEquals(40, second.received());
        assertTrue(first.rejected().isEmpty() && second.rejected().isEmpty());
        // Both bounds are inclusive: f140 (at "to") is newest, f1 (at "from") oldest.
        assertEquals(List.of("f140"), first.events().get(0).target());
        assertEquals(to, first.events().get(0).at());
        assertEquals(List.of("f41"), first.events().get(99).target());
        assertEquals(List.of("f1"), second.events().get(39).target());
        assertEquals(from, second.events().get(39).at());
    }

    @Test
    void events_are_dated_in_the_portal_zone_with_seven_fraction_digits_and_string_targets() throws IOException {
        save(T0, "48213");

        AuditEntry entry = client.auditEvents(T0, T0, 0, 100).events().get(0);
        JsonNode raw = JSON.readTree(entry.raw());

        assertEquals(T0, entry.at());
        assertEquals("2025-05-14T10:00:00.0000000+02:00", raw.path("date").asText());
        assertEquals("Anna Keller", entry.userName());
        assertEquals("Users [Anna Keller]. File Updated: report.docx", entry.action());
        assertTrue(raw.path("target").get(0).isTextual());
        assertEquals(List.of(1), entry.entries());
        assertEquals(2, raw.path("actionType").asInt());
    }

    @Test
    void a_row_written_late_appears_only_once_its_write_time_has_come_under_its_own_date() {
        Instant now = clock.instant();
        portal.write(new SimulatedPortal.Write(now.minusSeconds(5), now.plusSeconds(20), ANNA,
                Actions.USER_FILE_UPDATED, "77", "late.docx", "Rooms: Finance"));

        assertEquals(0, client.auditEvents(T0, now, 0, 100).received());
        clock.advance(Duration.ofSeconds(20));
        List<AuditEntry> events = client.auditEvents(T0, now, 0, 100).events();

        assertEquals(1, events.size());
        assertEquals(now.minusSeconds(5), events.get(0).at());
    }

    @Test
    void a_request_without_the_demo_key_gets_401() throws Exception {
        DocSpaceException wrongKey = assertThrows(DocSpaceException.class,
                () -> clientWithKey("sk-" + "0".repeat(64)).auditEvents(T0, T0, 0, 100));
        HttpResponse<String> noKey = raw(HttpRequest.newBuilder(audit("count=10")).GET(), false);

        assertEquals(401, wrongKey.status());
        assertEquals(401, noKey.statusCode());
        assertEquals("", noKey.body());
    }

    @Test
    void a_page_size_over_100_or_a_date_without_zone_is_a_400_validation_answer() throws Exception {
        for (String query : List.of("count=500", "from=2025-05-14T08:00:00")) {
            HttpResponse<String> answer = raw(HttpRequest.newBuilder(audit(query)).GET(), true);
            JsonNode body = JSON.readTree(answer.body());

            assertEquals(400, answer.statusCode(), query);
            assertEquals(1, body.path("status").asInt(), query);
            assertEquals(400, body.path("response").path("status").asInt(), query);
        }
    }

    @Test
    void disabling_the_owner_the_service_itself_an_admin_or_an_unknown_id_is_refused_with_403() {
        for (String id : List.of(OWNER, SimulatedPortal.SERVICE_ACCOUNT_ID, ADMIN,
                "0d6e1c9a-1111-4a4a-8b8b-00000000ffff")) {
            DocSpaceException refused = assertThrows(DocSpaceException.class, () -> client.setStatus(id, 2));

            assertEquals(403, refused.status(), id);
            assertEquals("Access denied", refused.getMessage(), id);
        }
        assertEquals(Person.ACTIVE, client.person(OWNER).status());
    }

    @Test
    void one_forbidden_id_fails_the_whole_status_change() throws Exception {
        HttpResponse<String> answer = raw(HttpRequest.newBuilder(URI.create(portal.baseUrl()
                + "/api/2.0/people/status/2")).PUT(HttpRequest.BodyPublishers.ofString(
                "{\"userIds\":[\"" + ANNA + "\",\"" + OWNER + "\"]}")), true);

        assertEquals(403, answer.statusCode());
        assertTrue(portal.isActive(ANNA));
    }

    @Test
    void disabling_and_re_enabling_changes_the_status_and_leaves_the_docspace_footprint() {
        Person disabled = client.setStatus(ANNA, Person.DISABLED);

        assertEquals(Person.DISABLED, disabled.status());
        assertEquals(Person.DISABLED, client.person(ANNA).status());
        assertFalse(portal.isActive(ANNA));
        List<Integer> footprint = client.auditEvents(T0, clock.instant(), 0, 100).events().stream()
                .map(AuditEntry::actionId).toList();
        assertEquals(List.of(4020, 6032), footprint.stream().sorted().toList());

        assertEquals(Person.ACTIVE, client.setStatus(ANNA, Person.ACTIVE).status());
        assertTrue(portal.isActive(ANNA));
    }

    @Test
    void a_status_other_than_1_or_2_is_a_400() throws Exception {
        HttpResponse<String> answer = raw(HttpRequest.newBuilder(URI.create(portal.baseUrl()
                + "/api/2.0/people/status/4")).PUT(HttpRequest.BodyPublishers.ofString(
                "{\"userIds\":[\"" + ANNA + "\"]}")), true);

        assertEquals(400, answer.statusCode());
        assertEquals("Incorrect status", JSON.readTree(answer.body()).path("error").path("message").asText());
    }

    @Test
    void people_lookups_answer_the_employee_fields_the_service_reads() throws Exception {
        Person self = client.self();
        Person owner = client.person(OWNER);
        JsonNode raw = JSON.readTree(raw(HttpRequest.newBuilder(URI.create(portal.baseUrl()
                + "/api/2.0/people/" + ADMIN)).GET(), true).body());

        assertEquals(SimulatedPortal.SERVICE_ACCOUNT_ID, self.id());
        assertTrue(self.admin());
        assertTrue(owner.owner());
        assertEquals("Helena Brandt", owner.displayName());
        JsonNode admin = raw.path("response");
        assertTrue(admin.path("isAdmin").asBoolean());
        assertFalse(admin.path("isLDAP").asBoolean(true));
        assertEquals("Tobias Richter", admin.path("displayName").asText());
        assertEquals(1, raw.path("count").asInt());
        assertEquals(0, raw.path("status").asInt());
    }

    private void save(Instant at, String fileId) {
        portal.write(new SimulatedPortal.Write(at, at, ANNA, Actions.USER_FILE_UPDATED, fileId, "report.docx",
                "Rooms: Finance"));
    }

    private HttpDocSpaceClient clientWithKey(String key) {
        return new HttpDocSpaceClient(portal.baseUrl(), key, new HttpDocSpaceClient.Settings(Duration.ofSeconds(2),
                Duration.ofSeconds(5), 0, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private URI audit(String query) {
        return URI.create(portal.baseUrl() + SimulatedPortal.AUDIT_PATH + "?" + query);
    }

    private HttpResponse<String> raw(HttpRequest.Builder request, boolean withKey) throws Exception {
        if (withKey) {
            request.header("Authorization", "Bearer " + portal.apiKey()).header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
