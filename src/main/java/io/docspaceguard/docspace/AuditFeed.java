package io.docspaceguard.docspace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole closed window [from, to] of audit events, page by page, and says when the answer
 * cannot be trusted (plan without the Audit feature, runaway paging).
 */
public final class AuditFeed {
    private static final Logger log = LoggerFactory.getLogger(AuditFeed.class);
    /** Beyond this a window is too busy for offset paging; the caller should split it. */
    public static final int DEFAULT_MAX_PAGES = 1000;
    // /events/last truncates action texts to 47 characters + "..." (docspace-api.md §2.2).
    private static final int TRUNCATED_ACTION_LENGTH = 50;
    /** What /events/last returns, whatever the filter asked for. */
    static final int FALLBACK_SIZE = 20;
    /** A window with a known answer, nothing: it ends years before DocSpace existed. */
    static final Instant PROBE_FROM = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant PROBE_TO = Instant.parse("2000-01-01T00:00:01Z");

    /**
     * What one window read produced.
     *
     * @param events         valid events, deduplicated by id, newest first; empty when degraded
     * @param rejected       items DocSpace sent that could not be parsed; empty when degraded
     * @param pages          pages requested
     * @param degradedReason why nothing in this result may be acted on; null when the read is healthy
     * @param tooBusy        the window needed more pages than allowed: read it again in smaller windows
     */
    public record FeedResult(List<AuditEntry> events, List<RejectedEvent> rejected, int pages, String degradedReason,
                             boolean tooBusy) {
        public FeedResult {
            events = List.copyOf(events);
            rejected = List.copyOf(rejected);
        }

        public boolean degraded() {
            return degradedReason != null;
        }

        static FeedResult degraded(int pages, String reason) {
            return new FeedResult(List.of(), List.of(), pages, reason, false);
        }
    }

    private final DocSpaceClient client;
    private final int maxPages;

    public AuditFeed(DocSpaceClient client) {
        this(client, DEFAULT_MAX_PAGES);
    }

    public AuditFeed(DocSpaceClient client, int maxPages) {
        this.client = Objects.requireNonNull(client, "client");
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be >= 1");
        }
        this.maxPages = maxPages;
    }

    /** This feed for backfills: its reads draw only on their share of the portal's request budget. */
    public AuditFeed forBulk() {
        return new AuditFeed(client.forBulk(), maxPages);
    }

    /**
     * Reads [from, to]. A 402 (plan without audit) is returned as degraded; other DocSpace errors are thrown.
     */
    public FeedResult read(Instant from, Instant to) {
        // The client widens the window to whole seconds; judge "outside the window" against what was sent.
        Instant low = ApiDates.floor(from);
        Instant high = ApiDates.ceil(to);
        Map<Long, AuditEntry> events = new LinkedHashMap<>();
        Set<RejectedEvent> rejected = new LinkedHashSet<>();
        int pages = 0;
        boolean more = true;
        while (more) {
            if (pages == maxPages) {
                log.warn("audit feed window {}..{} needs more than {} pages", from, to, maxPages);
                return new FeedResult(List.of(), List.of(), pages, "window " + from + ".." + to + " needs more than "
                        + maxPages + " pages; split it", true);
            }
            AuditPage page;
            try {
                page = client.auditEvents(from, to, pages * DocSpaceClient.MAX_PAGE, DocSpaceClient.MAX_PAGE);
            } catch (DocSpaceException e) {
                if (e.status() == 402) {
                    return degraded(pages + 1, "DocSpace plan does not include the audit trail (402): "
                            + e.getMessage());
                }
                throw e;
            }
            pages++;
            String fallback = fallbackSign(page, low, high);
            if (fallback == null && pages == 1 && page.received() == FALLBACK_SIZE) {
                pages++;
                fallback = probe();
            }
            if (fallback != null) {
                return degraded(pages, "DocSpace ignored the audit filter (plan lacks the Audit feature?): "
                        + fallback + "; events from this read must not be used");
            }
            // Offset paging under concurrent inserts can repeat an item on the next page: first copy wins.
            page.events().forEach(e -> events.putIfAbsent(e.id(), e));
            rejected.addAll(page.rejected());
            more = page.received() >= DocSpaceClient.MAX_PAGE;
        }
        return new FeedResult(new ArrayList<>(events.values()), new ArrayList<>(rejected), pages, null, false);
    }

    private static FeedResult degraded(int pages, String reason) {
        log.warn("audit feed degraded pages={} reason={}", pages, reason);
        return FeedResult.degraded(pages, reason);
    }

    /**
     * A first page of exactly 20 events is what the plan fallback returns even when every one of them lies in
     * the window, so it is checked against a window whose answer is known to be empty.
     */
    private String probe() {
        AuditPage answer = client.auditEvents(PROBE_FROM, PROBE_TO, 0, DocSpaceClient.MAX_PAGE);
        return answer.received() == 0 ? null : "a page of exactly " + FALLBACK_SIZE + " events, and a probe of "
                + PROBE_FROM + ".." + PROBE_TO + " answered " + answer.received() + " events instead of none";
    }

    /** Why this page looks like /events/last rather than a filtered answer; null when it looks filtered. */
    private static String fallbackSign(AuditPage page, Instant low, Instant high) {
        for (AuditEntry e : page.events()) {
            if (e.at().isBefore(low) || e.at().isAfter(high)) {
                return "event " + e.id() + " dated " + e.at() + " is outside " + low + ".." + high;
            }
        }
        for (AuditEntry e : page.events()) {
            String action = e.action();
            if (action != null && action.length() == TRUNCATED_ACTION_LENGTH && action.endsWith("...")) {
                return "event " + e.id() + " has its action text truncated like /events/last";
            }
        }
        return null;
    }
}
