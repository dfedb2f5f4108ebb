package io.docspaceguard.incident;

import io.docspaceguard.facts.Finding;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.store.AuditEventDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns findings into incidents (SPEC §4: one open incident per user and rule) and reads them back. */
public final class IncidentService {

    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);

    /** Time shown around an incident beyond its window, so the reviewer sees what came before and after. */
    static final Duration TIMELINE_MARGIN = Duration.ofMinutes(10);
    /** Bounds the answer for a user with an enormous burst; the chart needs no more to show its shape. */
    static final int TIMELINE_LIMIT = 5_000;
    private static final int FILE_ENTRY = 1;

    private final Jdbi jdbi;
    private final Clock clock;

    public IncidentService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Opens an incident for the finding, or extends the open one of the same user and rule. Activity dated
     * before the last incident of the user and rule was closed extends that incident (late audit rows);
     * a finding whose events were all handled by a closed incident (a rescan or backfill) is skipped.
     */
    public RecordOutcome record(Finding finding, String userName, String rulesVersion) {
        return record(finding, userName, rulesVersion, Details.NONE);
    }

    /**
     * What the detector adds to a finding: why it is an incident, in words, and how many files its folders and
     * rooms hold where DocSpace told; null fields keep what the incident has.
     */
    public record Details(String reason, Integer containerFiles) {
        public static final Details NONE = new Details(null, null);
    }

    /**
     * As above, with the finding's details. An incident whose activity lies entirely in declared bulk work is
     * marked suppressed by it; one that grows beyond it is no longer.
     */
    public RecordOutcome record(Finding finding, String userName, String rulesVersion, Details details) {
        try {
            return jdbi.inTransaction(h -> recordIn(h, finding, userName, rulesVersion, details));
        } catch (RuntimeException e) {
            if (!Constraints.isUniqueViolation(e)) {
                throw e;
            }
            // A concurrent writer opened the incident between our look-up and insert: extend theirs.
            log.debug("concurrent open of user={} rule={}, retrying as extend", finding.userId(), finding.rule());
            return jdbi.inTransaction(h -> recordIn(h, finding, userName, rulesVersion, details));
        }
    }

    /** Notes that an alert about the incident went out now, so it grows quietly for the suppression period. */
    public void markAlerted(long id) {
        jdbi.useExtension(IncidentDao.class, dao -> dao.markAlerted(id, clock.instant()));
    }

    public IncidentPage list(IncidentFilter filter) {
        int pageSize = filter.pageSize();
        List<Incident> rows = jdbi.withExtension(IncidentQueries.class, reads -> reads.list(filter, pageSize + 1));
        if (rows.size() <= pageSize) {
            return new IncidentPage(rows, null);
        }
        List<Incident> page = List.copyOf(rows.subList(0, pageSize));
        return new IncidentPage(page, page.get(pageSize - 1).id());
    }

    /** Incidents per status under the filter's other terms: the counts on the console's status tabs. */
    public Map<IncidentStatus, Integer> countByStatus(IncidentFilter filter) {
        return jdbi.withExtension(IncidentQueries.class, reads -> reads.countByStatus(filter));
    }

    /** Per rule that has incidents: how many by status, and the dismissed ones by reason. */
    public List<RuleStats> ruleStats() {
        return RuleStats.of(jdbi.withExtension(IncidentQueries.class, IncidentQueries::countByRule));
    }

    public Optional<IncidentDetail> get(long id) {
        return jdbi.inTransaction(h -> {
            IncidentDao incidents = h.attach(IncidentDao.class);
            return incidents.get(id).map(incident -> new IncidentDetail(incident, incidents.fileIds(id),
                    h.attach(AuditEventDao.class).ofIncident(id), h.attach(TrailDao.class).forIncident(id)));
        });
    }

    /**
     * The incident's user's file events from one window (and a margin) before the first counted event to a
     * margin after the last, each marked whether the incident counted it.
     */
    public Optional<IncidentTimeline> timeline(long id) {
        return jdbi.inTransaction(h -> {
            IncidentDao incidents = h.attach(IncidentDao.class);
            return incidents.get(id).map(incident -> timelineOf(incidents, h.attach(AuditEventDao.class), incident));
        });
    }

    private static IncidentTimeline timelineOf(IncidentDao incidents, AuditEventDao stored, Incident incident) {
        Duration window = Duration.ofMillis(incident.windowMillis() == null ? 0 : incident.windowMillis());
        Instant from = incident.firstEventAt().minus(window).minus(TIMELINE_MARGIN);
        Instant to = incident.lastEventAt().plus(TIMELINE_MARGIN);
        Set<Long> counted = new HashSet<>(incidents.eventIds(incident.id()));
        List<AuditEntry> rows = stored.firstOfUser(incident.userId(), from, to, TIMELINE_LIMIT + 1);
        List<IncidentTimeline.Event> events = new ArrayList<>();
        for (AuditEntry entry : rows.subList(0, Math.min(rows.size(), TIMELINE_LIMIT))) {
            // File events only, as the rules count them: entry type 1 is a file, and it names the file.
            if (!entry.entries().isEmpty() && entry.entries().get(0) == FILE_ENTRY && !entry.target().isEmpty()) {
                events.add(new IncidentTimeline.Event(entry.at(), entry.id(), entry.target().get(0), entry.actionId(),
                        counted.contains(entry.id())));
            }
        }
        return new IncidentTimeline(incident, from, to, events, rows.size() > TIMELINE_LIMIT);
    }

    private RecordOutcome recordIn(Handle h, Finding finding, String userName, String rulesVersion, Details details) {
        IncidentDao incidents = h.attach(IncidentDao.class);
        Optional<Incident> open = incidents.findOpenForUpdate(finding.userId(), finding.rule());
        if (open.isPresent()) {
            return extend(h, open.get(), finding, rulesVersion, details, "");
        }
        if (!finding.eventIds().isEmpty()
                && incidents.countHandledEvents(finding.userId(), finding.rule(), finding.eventIds())
                        == finding.eventIds().size()) {
            return new RecordOutcome(RecordOutcome.Kind.SKIPPED, null);
        }
        Optional<Long> covering = incidents.closedCovering(finding.userId(), finding.rule(),
                Instant.ofEpochMilli(finding.windowEnd()));
        if (covering.isPresent()) {
            // DocSpace writes audit rows late: activity dated while a closed incident was open belongs to it;
            // it is not new activity and must not open a second incident for the same burst.
            return extend(h, incidents.get(covering.get()).orElseThrow(), finding, rulesVersion, details,
                    " dated before the incident was closed");
        }
        return open(h, finding, userName, rulesVersion, details);
    }

    private RecordOutcome open(Handle h, Finding finding, String userName, String rulesVersion, Details details) {
        IncidentDao incidents = h.attach(IncidentDao.class);
        Instant now = clock.instant();
        Instant first = Instant.ofEpochMilli(finding.windowStart());
        Instant last = Instant.ofEpochMilli(finding.windowEnd());
        Long suppressedBy = h.attach(BulkWorkDao.class).covering(finding.userId(), first, last).orElse(null);
        Incident draft = Incident.opened(finding.userId(), userName, finding.rule(), finding.severity(),
                finding.fileIds().size(), first, last, now, rulesVersion, finding.autoDisable(),
                finding.threshold() > 0 ? finding.threshold() : null,
                finding.windowMillis() > 0 ? finding.windowMillis() : null, details.reason(), suppressedBy,
                details.containerFiles());
        long id = incidents.insert(draft);
        incidents.addFiles(id, new TreeSet<>(finding.fileIds()));
        incidents.addEvents(id, new TreeSet<>(finding.eventIds()));
        trail(h, now, finding, id, "open",
                finding.fileIds().size() + " files, " + finding.eventIds().size() + " events"
                        + (suppressedBy == null ? "" : "; suppressed: inside declared bulk work " + suppressedBy),
                rulesVersion);
        log.info("incident={} user={} rule={} from=none to=open by=rule:{}",
                id, finding.userId(), finding.rule(), finding.rule());
        return new RecordOutcome(RecordOutcome.Kind.OPENED, incidents.get(id).orElseThrow());
    }

    private RecordOutcome extend(Handle h, Incident incident, Finding finding, String rulesVersion, Details details,
                                 String note) {
        IncidentDao incidents = h.attach(IncidentDao.class);
        List<String> newFiles = missing(finding.fileIds(), incidents.fileIds(incident.id()));
        List<Long> newEvents = missing(finding.eventIds(), incidents.eventIds(incident.id()));
        if (newFiles.isEmpty() && newEvents.isEmpty()) {
            return new RecordOutcome(RecordOutcome.Kind.UNCHANGED, incident);
        }
        incidents.addFiles(incident.id(), newFiles);
        incidents.addEvents(incident.id(), newEvents);
        Instant now = clock.instant();
        Instant first = min(incident.firstEventAt(), Instant.ofEpochMilli(finding.windowStart()));
        Instant last = max(incident.lastEventAt(), Instant.ofEpochMilli(finding.windowEnd()));
        Long suppressedBy = h.attach(BulkWorkDao.class).covering(incident.userId(), first, last).orElse(null);
        // A reason is rewritten only by a finding that sees at least as much as the incident holds.
        String newReason = finding.fileIds().size() >= incident.fileCount() + newFiles.size() ? details.reason() : null;
        incidents.updateExtent(incident.id(), incident.fileCount() + newFiles.size(), first, last, now, newReason,
                suppressedBy, details.containerFiles());
        String suppression = incident.suppressed() && suppressedBy == null
                ? "; no longer inside declared bulk work " + incident.suppressedBy() : "";
        trail(h, now, finding, incident.id(), "extend",
                "+" + newFiles.size() + " files, +" + newEvents.size() + " events" + note + suppression, rulesVersion);
        log.info("incident={} user={} rule={} extended files=+{} events=+{} by=rule:{}",
                incident.id(), incident.userId(), incident.rule(), newFiles.size(), newEvents.size(), finding.rule());
        return new RecordOutcome(RecordOutcome.Kind.EXTENDED, incidents.get(incident.id()).orElseThrow());
    }

    private static void trail(Handle h, Instant at, Finding finding, long incidentId, String action, String comment,
                              String rulesVersion) {
        h.attach(TrailDao.class).append(new TrailEntry(null, at, "rule:" + finding.rule(), action, incidentId,
                finding.userId(), comment, null, rulesVersion));
    }

    /** The elements of {@code wanted} not in {@code present}, sorted. */
    private static <T extends Comparable<T>> List<T> missing(Set<T> wanted, List<T> present) {
        Set<T> known = new HashSet<>(present);
        List<T> result = new ArrayList<>();
        for (T item : new TreeSet<>(wanted)) {
            if (!known.contains(item)) {
                result.add(item);
            }
        }
        return result;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
