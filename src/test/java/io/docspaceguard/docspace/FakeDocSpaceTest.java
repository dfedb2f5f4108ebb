package io.docspaceguard.docspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeDocSpaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    private static final String MARK = "b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77";
    private static final String OWNER = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final String ADMIN = "1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a";
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");

    private FakeDocSpace fake;
    private HttpDocSpaceClient client;

    @BeforeEach
    void start() {
        fake = new FakeDocSpace().start();
        fake.addUser(ANNA, "Anna Keller", false, false);
        fake.addUser(MARK, "Mark Olsen", false, false);
        fake.addUser(OWNER, "Olga Brandt", true, true);
        fake.addUser(ADMIN, "Ivan Petrov", true, false);
        fake.setClock(Clock.fixed(Instant.parse("2025-05-14T12:00:00Z"), ZoneOffset.UTC));
        client = new HttpDocSpaceClient(fake.baseUrl(), fake.apiKey(), Fixtures.fast(2));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> raw(String method, String pathAndQuery, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_audit_window_is_inclusive_in_utc_and_newest_first() {
        fake.addEvent(T0.minusSeconds(1), ANNA, 5011, "1");
        long first = fake.addEvent(T0, ANNA, 5011, "2");
        long middle = fake.addEvent(T0.plusSeconds(1800), MARK, 5017, "3");
        long last = fake.addEvent(T0.plusSeconds(3600), ANNA, 5018, "4");
        fake.addEvent(T0.plusSeconds(3601), ANNA, 5011, "5");

        AuditPage page = client.auditEvents(T0, T0.plusSeconds(3600), 0, 100);

        assertEquals(List.of(last, middle, first), page.events().stream().map(AuditEntry::id).toList());
        AuditEntry trash = page.events().get(1);
        assertEquals(T0.plusSeconds(1800), trash.at());
        assertEquals(List.of("3"), trash.target());
        assertEquals(List.of(1), trash.entries());
        assertEquals("Mark Olsen", trash.userName());
        assertTrue(trash.raw().contains("\"date\":\"2025-05-14T10:30:00.0000000+02:00\""), trash.raw());
    }

    @Test
    void a_utc_portal_renders_dates_with_z() {
        try (FakeDocSpace utc = new FakeDocSpace(ZoneOffset.UTC).start()) {
            utc.addEvent(T0, FakeDocSpace.SERVICE_USER_ID, 6032);
            AuditEntry e = new HttpDocSpaceClient(utc.baseUrl(), utc.apiKey(), Fixtures.fast(0))
                    .auditEvents(T0, T0, 0, 1).events().get(0);
            assertTrue(e.raw().contains("\"date\":\"2025-05-14T08:00:00.0000000Z\""), e.raw());
            assertFalse(e.raw().contains("\"target\""), "settings events carry no target");
        }
    }

    @Test
    void audit_feed_pages_through_a_busy_window() {
        for (int i = 0; i < 250; i++) {
            fake.addEvent(T0.plusSeconds(i), i % 2 == 0 ? ANNA : MARK, 5034, String.valueOf(48000 + i));
        }

        AuditFeed.FeedResult result = new AuditFeed(client).read(T0, T0.plusSeconds(3600));

        assertFalse(result.degraded());
        assertEquals(3, result.pages());
        // Pages, not requests: on a paused machine the client may retry a page whose connection the fake closed.
        assertEquals(3, fake.distinctAuditQueries());
        assertEquals(250, result.events().size());
        assertEquals(250, result.events().stream().map(AuditEntry::id).distinct().count());
    }

    @Test
    void count_outside_1_to_100_and_zone_less_dates_get_a_400_validation_envelope() throws Exception {
        HttpResponse<String> tooMany = raw("GET", HttpDocSpaceClient.AUDIT_PATH + "?count=500", fake.apiKey(), null);
        HttpResponse<String> zoneLess = raw("GET", HttpDocSpaceClient.AUDIT_PATH + "?from=2025-05-14T08:00:00",
                fake.apiKey(), null);
        HttpResponse<String> nineDigits = raw("GET", HttpDocSpaceClient.AUDIT_PATH
                + "?from=2025-05-14T08:00:00.123456789Z", fake.apiKey(), null);

        for (HttpResponse<String> r : List.of(tooMany, zoneLess, nineDigits)) {
            assertEquals(400, r.statusCode());
            JsonNode body = JSON.readTree(r.body());
            assertEquals(1, body.get("status").asInt());
            assertEquals(400, body.get("statusCode").asInt());
            assertEquals("One or more validation errors occurred.", body.path("response").path("title").asText());
        }
        assertTrue(JSON.readTree(tooMany.body()).path("response").path("errors").has("Count"));
    }

    @Test
    void a_missing_or_wrong_key_gets_401_with_an_empty_body() throws Exception {
        HttpResponse<String> none = raw("GET", "/api/2.0/people/@self", null, null);
        HttpResponse<String> wrong = raw("GET", "/api/2.0/people/@self", "sk-" + "0".repeat(64), null);

        assertEquals(401, none.statusCode());
        assertEquals("", none.body());
        assertEquals(401, wrong.statusCode());
        DocSpaceException e = assertThrows(DocSpaceException.class,
                () -> new HttpDocSpaceClient(fake.baseUrl(), "sk-nope", Fixtures.fast(0)).self());
        assertEquals(401, e.status());
    }

    @Test
    void raw_events_are_served_verbatim_and_malformed_ones_end_up_rejected() {
        fake.addEvent(T0, ANNA, 5011, "1");
        fake.addRawEvent("{\"id\":7,\"date\":\"2025-05-14T10:00:05.0000000\",\"userId\":\"" + ANNA
                + "\",\"actionId\":5011}");
        fake.addRawEvent("{\"date\":\"2025-05-14T10:00:06.0000000+02:00\",\"userId\":\"" + ANNA
                + "\",\"actionId\":5011}");

        AuditPage page = client.auditEvents(T0, T0.plusSeconds(60), 0, 100);

        assertEquals(1, page.events().size());
        assertEquals(2, page.rejected().size());
        assertTrue(page.rejected().stream().anyMatch(r -> r.raw().contains("\"id\":7")));
    }

    @Test
    void a_plan_without_audit_ignores_filters_and_the_feed_reports_it_degraded() throws Exception {
        for (int i = 0; i < 30; i++) {
            fake.addEvent(T0.minusSeconds(86_400 + i), ANNA, 5017, String.valueOf(4_821_300 + i));
        }
        fake.setPlanLacksAudit(true);

        HttpResponse<String> r = raw("GET", HttpDocSpaceClient.AUDIT_PATH + "?from=2025-05-14T08:00:00Z"
                + "&to=2025-05-14T09:00:00Z", fake.apiKey(), null);
        AuditFeed.FeedResult result = new AuditFeed(client).read(T0, T0.plusSeconds(3600));

        JsonNode items = JSON.readTree(r.body()).path("response");
        assertEquals(20, items.size());
        assertEquals("Files [document-4821300.docx]. Moved To Trash F...", items.get(0).path("action").asText());
        assertTrue(result.degraded());
        assertEquals(List.of(), result.events());
    }

    @Test
    void a_plan_that_rejects_audit_answers_402_and_the_feed_reports_it_degraded() {
        fake.setPlanRejectsAudit(true);

        AuditFeed.FeedResult result = new AuditFeed(client).read(T0, T0.plusSeconds(60));

        assertTrue(result.degradedReason().contains("Your pricing plan does not support this option"));
    }

    @Test
    void injected_429_with_retry_after_is_retried_by_the_client() {
        fake.addEvent(T0, ANNA, 5011, "1");
        fake.failNext(429, 1, "0");

        assertEquals(1, client.auditEvents(T0, T0, 0, 100).events().size());
        assertEquals(2, fake.auditRequests());
    }

    @Test
    void injected_503s_outlasting_the_retries_surface_as_503() {
        fake.failNext(503, 5);

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> client.auditEvents(T0, T0, 0, 100));

        assertEquals(503, e.status());
        assertEquals(3, fake.auditRequests());
    }

    @Test
    void an_injected_delay_makes_the_client_time_out() {
        fake.delayNext(Duration.ofMillis(1500), 1);
        HttpDocSpaceClient impatient = new HttpDocSpaceClient(fake.baseUrl(), fake.apiKey(),
                new HttpDocSpaceClient.Settings(Duration.ofMillis(500), Duration.ofMillis(200), 0,
                        Duration.ofMillis(5), Duration.ofMillis(50)));

        DocSpaceException e = assertThrows(DocSpaceException.class, impatient::self);

        assertEquals(0, e.status());
    }

    @Test
    void self_and_person_are_served_as_employee_dtos() {
        assertEquals(new Person(FakeDocSpace.SERVICE_USER_ID, "Guard Service", 1, true, false, false), client.self());
        assertEquals(new Person(OWNER, "Olga Brandt", 1, true, true, false), client.person(OWNER));
        assertEquals(404, assertThrows(DocSpaceException.class,
                () -> client.person("00000000-0000-0000-0000-000000000000")).status());
    }

    @Test
    void disabling_a_user_changes_its_status_and_leaves_the_audit_footprint() {
        Person mark = client.setStatus(MARK, Person.DISABLED);

        assertEquals(Person.DISABLED, mark.status());
        assertEquals(Person.DISABLED, fake.statusOf(MARK));
        assertEquals(List.of(new FakeDocSpace.StatusWrite(2, List.of(MARK), 200)), fake.statusWrites());
        List<Integer> actions = new AuditFeed(client).read(Instant.parse("2025-05-14T12:00:00Z"),
                Instant.parse("2025-05-14T12:00:00Z")).events().stream().map(AuditEntry::actionId).toList();
        assertEquals(List.of(4020, 6032), actions);

        assertEquals(Person.ACTIVE, client.setStatus(MARK, Person.ACTIVE).status());
        assertEquals(Person.ACTIVE, fake.statusOf(MARK));
    }

    @Test
    void forbidden_targets_get_403_access_denied_and_nothing_changes() {
        fake.setLdap(ANNA, true);
        for (String target : List.of(OWNER, ADMIN, FakeDocSpace.SERVICE_USER_ID, ANNA,
                "00000000-0000-0000-0000-000000000000")) {
            DocSpaceException e = assertThrows(DocSpaceException.class, () -> client.setStatus(target, 2));
            assertEquals(403, e.status(), target);
            assertEquals("Access denied", e.getMessage());
        }
        assertEquals(Person.ACTIVE, fake.statusOf(OWNER));
        assertEquals(Person.ACTIVE, fake.statusOf(ADMIN));
        assertEquals(Person.ACTIVE, fake.statusOf(ANNA));
        assertEquals(0, fake.eventsWithAction(4020).size());
    }

    @Test
    void one_forbidden_id_fails_the_whole_call() throws Exception {
        HttpResponse<String> r = raw("PUT", "/api/2.0/people/status/2", fake.apiKey(),
                "{\"userIds\":[\"" + MARK + "\",\"" + OWNER + "\"]}");

        assertEquals(403, r.statusCode());
        assertEquals(Person.ACTIVE, fake.statusOf(MARK));
        assertEquals(List.of(MARK, OWNER), fake.statusWrites().get(0).userIds());
    }

    @Test
    void the_owner_may_disable_an_admin() {
        fake.setSelf(OWNER);

        assertEquals(Person.DISABLED, client.setStatus(ADMIN, Person.DISABLED).status());
    }

    @Test
    void a_status_other_than_1_or_2_gets_400() throws Exception {
        HttpResponse<String> r = raw("PUT", "/api/2.0/people/status/4", fake.apiKey(),
                "{\"userIds\":[\"" + MARK + "\"]}");

        assertEquals(400, r.statusCode());
        assertEquals("Incorrect status", JSON.readTree(r.body()).path("error").path("message").asText());
        assertEquals(Person.ACTIVE, fake.statusOf(MARK));
    }

    @Test
    void a_caller_who_is_not_an_admin_is_denied_audit_and_status_changes() {
        fake.setSelf(ANNA);

        assertEquals(403, assertThrows(DocSpaceException.class, () -> client.auditEvents(T0, T0, 0, 1)).status());
        assertEquals(403, assertThrows(DocSpaceException.class, () -> client.setStatus(MARK, 2)).status());
    }

    @Test
    void a_key_whose_owner_is_disabled_stops_working() {
        fake.setStatus(FakeDocSpace.SERVICE_USER_ID, Person.DISABLED);

        assertEquals(401, assertThrows(DocSpaceException.class, client::self).status());
    }
}
