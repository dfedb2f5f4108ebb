package io.docspaceguard.docspace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditFeedTest {
    private static final String AUDIT = HttpDocSpaceClient.AUDIT_PATH;
    private static final Instant FROM = Instant.parse("2025-05-14T08:00:00Z");
    private static final Instant TO = Instant.parse("2025-05-14T09:00:00Z");
    private static final String USER = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";

    private WireMockServer server;
    private AuditFeed feed;

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        feed = new AuditFeed(new HttpDocSpaceClient(server.baseUrl(), Fixtures.KEY, Fixtures.fast(1)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.read(fixture));
    }

    private void stubPage(int startIndex, String fixture) {
        server.stubFor(get(urlPathEqualTo(AUDIT)).withQueryParam("startIndex", equalTo(String.valueOf(startIndex)))
                .willReturn(json(200, fixture)));
    }

    private void stubThreePages() {
        stubPage(0, "audit-paging-1.json");
        stubPage(100, "audit-paging-2.json");
        stubPage(200, "audit-paging-3.json");
    }

    @Test
    void a_window_is_read_across_three_pages_of_100_and_the_repeated_item_is_kept_once() {
        stubThreePages();

        AuditFeed.FeedResult result = feed.read(FROM, TO);

        assertNull(result.degradedReason());
        assertEquals(3, result.pages());
        assertEquals(229, result.events().size(), "100 + 100 + 30 items, one repeated across pages");
        assertEquals(229, result.events().stream().map(AuditEntry::id).distinct().count());
        assertEquals(5000, result.events().get(0).id(), "newest first, as DocSpace sent them");
        for (int start : new int[] {0, 100, 200}) {
            server.verify(1, getRequestedFor(urlPathEqualTo(AUDIT))
                    .withQueryParam("startIndex", equalTo(String.valueOf(start)))
                    .withQueryParam("count", equalTo("100")));
        }
    }

    @Test
    void a_short_first_page_ends_the_read() {
        stubPage(0, "audit-page.json");

        AuditFeed.FeedResult result = new AuditFeed(new HttpDocSpaceClient(server.baseUrl(), Fixtures.KEY,
                Fixtures.fast(0))).read(Instant.parse("2025-05-14T08:30:00Z"), Instant.parse("2025-05-14T08:45:00Z"));

        assertFalse(result.degraded());
        assertEquals(1, result.pages());
        assertEquals(4, result.events().size());
    }

    @Test
    void filters_ignored_by_docspace_mark_the_read_degraded_and_withhold_the_events() {
        stubPage(0, "audit-fallback-last20.json");

        AuditFeed.FeedResult result = feed.read(FROM, TO);

        assertTrue(result.degraded());
        assertTrue(result.degradedReason().contains("ignored the audit filter"), result.degradedReason());
        assertTrue(result.degradedReason().contains("outside"), result.degradedReason());
        assertEquals(List.of(), result.events());
        assertEquals(List.of(), result.rejected());
    }

    @Test
    void a_402_is_reported_as_degraded_with_docspace_message() {
        server.stubFor(get(urlPathEqualTo(AUDIT)).willReturn(json(402, "error-402.json")));

        AuditFeed.FeedResult result = feed.read(FROM, TO);

        assertTrue(result.degraded());
        assertTrue(result.degradedReason().contains("Your pricing plan does not support this option"),
                result.degradedReason());
        assertEquals(List.of(), result.events());
    }

    @Test
    void other_docspace_errors_are_thrown() {
        server.stubFor(get(urlPathEqualTo(AUDIT)).willReturn(json(403, "error-403.json")));

        DocSpaceException e = assertThrows(DocSpaceException.class, () -> feed.read(FROM, TO));

        assertEquals(403, e.status());
    }

    @Test
    void hitting_the_page_cap_is_reported_as_degraded() {
        stubThreePages();
        AuditFeed capped = new AuditFeed(new HttpDocSpaceClient(server.baseUrl(), Fixtures.KEY, Fixtures.fast(0)), 2);

        AuditFeed.FeedResult result = capped.read(FROM, TO);

        assertTrue(result.degraded());
        assertTrue(result.degradedReason().contains("more than 2 pages"), result.degradedReason());
        assertEquals(List.of(), result.events());
        server.verify(2, getRequestedFor(urlPathEqualTo(AUDIT)));
    }

    @Test
    void rejected_items_are_collected_and_kept_apart_from_events() {
        stubPage(0, "audit-malformed.json");

        AuditFeed.FeedResult result = feed.read(Instant.parse("2025-05-14T08:30:00Z"),
                Instant.parse("2025-05-14T08:45:00Z"));

        assertFalse(result.degraded());
        assertEquals(1, result.events().size());
        assertEquals(5, result.rejected().size());
    }

    @Test
    void an_event_in_the_widened_second_of_a_fractional_window_is_not_mistaken_for_a_fallback() {
        Instant from = Instant.parse("2025-05-14T08:00:00.400Z");
        Instant to = Instant.parse("2025-05-14T08:10:00.200Z");
        StubClient client = new StubClient(List.of(
                entry(2, Instant.parse("2025-05-14T08:10:01Z"), "File Uploaded: a.docx"),
                entry(1, Instant.parse("2025-05-14T08:00:00Z"), "File Uploaded: b.docx")));

        AuditFeed.FeedResult result = new AuditFeed(client).read(from, to);

        assertFalse(result.degraded(), result.degradedReason());
        assertEquals(2, result.events().size());
    }

    @Test
    void action_texts_truncated_like_the_last_20_endpoint_mark_the_read_degraded() {
        String truncated = "Files [quarterly-budget-forecast-final-v7.xlsx]...";
        StubClient client = new StubClient(List.of(entry(1, Instant.parse("2025-05-14T08:30:00Z"), truncated)));

        AuditFeed.FeedResult result = new AuditFeed(client).read(FROM, TO);

        assertTrue(result.degraded());
        assertTrue(result.degradedReason().contains("truncated"), result.degradedReason());
    }

    private static AuditEntry entry(long id, Instant at, String action) {
        return new AuditEntry(id, at, USER, "Anna Keller", 5011, action, List.of(1), List.of("48213"), "{}");
    }

    /** Serves one fixed page; enough for checks on the window arithmetic. */
    private static final class StubClient extends UnsupportedDocSpace {
        private final List<AuditEntry> events;

        StubClient(List<AuditEntry> events) {
            this.events = events;
        }

        @Override
        public AuditPage auditEvents(Instant from, Instant to, int startIndex, int count) {
            return new AuditPage(events, List.of(), events.size());
        }
    }
}
