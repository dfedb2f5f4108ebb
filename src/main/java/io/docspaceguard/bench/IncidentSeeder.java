package io.docspaceguard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a schema of its own with a {@link PortalYear} of incidents and everything the service stores with them:
 * their files, the audit events that made them (as DocSpace delivered them) and the links to those events, the
 * trail of opening, extending and reviewing them, the account actions of approvals and re-enables, a year of
 * scans at the default one-minute interval, and some declared bulk work. COPYs in one transaction per connection,
 * then VACUUM ANALYZE, as autovacuum would have left a year-old database. A schema that already holds a complete
 * seed of the asked size is reused; any other content is emptied away first.
 */
public final class IncidentSeeder {
    private static final Logger log = LoggerFactory.getLogger(IncidentSeeder.class);
    /** Every seeded incident carries it as its rule-set version: how a complete seed is recognised. */
    static final String MARK = "bench-api-seed-1";
    private static final long SEED = 20261201L;
    private static final long FIRST_EVENT_ID = 10_000_000L;
    private static final int PEOPLE = 3_000;
    private static final List<String> TABLES = List.of("incident", "incident_file", "incident_event", "audit_event",
            "audit_trail", "account_action", "scan_run", "bulk_work", "incident_count", "incident_user_count");

    /** Everything a seed or a benchmarked service may have written; CASCADE takes tables added since. */
    private static final String EMPTY = """
            TRUNCATE incident, incident_file, incident_event, audit_event, audit_trail, account_action, scan_run,
                     bulk_work, rejected_event, checkpoint, recovery_run, recovery_step, incident_count,
                     incident_user_count RESTART IDENTITY CASCADE""";

    /** The counts IncidentDao keeps as it stores incidents, made the way migration V11 made them. */
    private static final List<String> COUNT = List.of("""
            INSERT INTO incident_count (rule, severity, status, dismissal_reason, n)
            SELECT rule, severity, status, COALESCE(dismissal_reason, ''), count(*)
            FROM incident GROUP BY rule, severity, status, COALESCE(dismissal_reason, '')""", """
            INSERT INTO incident_user_count (user_id, user_name, n_open, n_disabled, n_dismissed, n_reenabled)
            SELECT user_id, user_name, sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END),
                   sum(CASE WHEN status = 'disabled' THEN 1 ELSE 0 END),
                   sum(CASE WHEN status = 'dismissed' THEN 1 ELSE 0 END),
                   sum(CASE WHEN status = 'reenabled' THEN 1 ELSE 0 END)
            FROM incident GROUP BY user_id, user_name""");

    /** What the schema holds after {@link #ensure}. */
    public record Seed(int incidents, long files, long events, long trailEntries, long scans, Duration took,
                       boolean reused) {
    }

    private final Jdbi jdbi;

    /** {@code jdbi} is of a migrated database in the benchmark's own schema: the seeder empties it at will. */
    public IncidentSeeder(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Makes the schema hold exactly {@code incidents} seeded incidents: kept if it does, else emptied and seeded. */
    public Seed ensure(int incidents, Instant now) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        try (Handle main = jdbi.open(); Handle events = jdbi.open()) {
            Connection connection = main.getConnection();
            if (complete(connection, incidents)) {
                return counts(connection, incidents, Duration.ofNanos(System.nanoTime() - started), true);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(EMPTY);
            }
            write(connection, events.getConnection(), incidents, now.truncatedTo(ChronoUnit.SECONDS));
            long t = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                for (String table : TABLES) {
                    statement.execute("VACUUM ANALYZE " + table);
                }
            }
            lap("VACUUM ANALYZE of every table", t);
            return counts(connection, incidents, Duration.ofNanos(System.nanoTime() - started), false);
        }
    }

    private static boolean complete(Connection connection, int incidents) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE rules_version = ?) FROM incident")) {
            statement.setString(1, MARK);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1) == incidents && rs.getLong(2) == incidents;
            }
        }
    }

    private static Seed counts(Connection connection, int incidents, Duration took, boolean reused)
            throws SQLException {
        return new Seed(incidents, count(connection, "incident_file"), count(connection, "audit_event"),
                count(connection, "audit_trail"), count(connection, "scan_run"), took, reused);
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long lap(String what, long since) {
        long now = System.nanoTime();
        log.info("seeded {} in {} ms", what, (now - since) / 1_000_000);
        return now;
    }

    /**
     * The audit events, the biggest table and the only one without a foreign key, load on a second connection
     * beside the rest. Each connection has one transaction; the events commit first, so a seed that broke half-way
     * shows as incomplete (incidents missing) and is cleaned away on the next run.
     */
    private static void write(Connection connection, Connection events, int count, Instant end)
            throws SQLException, InterruptedException {
        PortalYear year = new PortalYear(SEED, PEOPLE);
        List<PortalYear.Planned> planned = year.incidents(SEED, count, end);
        connection.setAutoCommit(false);
        events.setAutoCommit(false);
        skipForeignKeyChecks(connection);
        FutureTask<Void> auditEvents = new FutureTask<>(() -> {
            long t = System.nanoTime();
            writeAuditEvents(events, planned);
            lap("audit_event", t);
            return null;
        });
        new Thread(auditEvents, "seed-audit-events").start();
        try {
            writeRest(connection, year, planned, end);
            auditEvents.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("seeding the audit events failed", e.getCause());
        } finally {
            auditEvents.cancel(false);
        }
        events.commit();
        connection.commit();
        events.setAutoCommit(true);
        connection.setAutoCommit(true);
    }

    /**
     * The rows are consistent by construction (the incident ids are checked before they are used), so the
     * per-row foreign-key triggers, most of the load time, are skipped where the database user may: the setting
     * holds for this session only. Where it may not, the seed is just slower.
     */
    private static void skipForeignKeyChecks(Connection connection) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL session_replication_role = replica");
        } catch (SQLException e) {
            connection.rollback(before);
        }
    }

    private static void writeRest(Connection connection, PortalYear year, List<PortalYear.Planned> planned,
                                  Instant end) throws SQLException {
        long t = System.nanoTime();
        long firstId = writeIncidents(connection, planned);
        try (Statement statement = connection.createStatement()) {
            for (String count : COUNT) {
                statement.execute(count);
            }
        }
        t = lap("incident and its counts", t);
        writeFiles(connection, planned, firstId);
        t = lap("incident_file", t);
        writeEventLinks(connection, planned, firstId);
        t = lap("incident_event", t);
        writeTrail(connection, planned, firstId);
        t = lap("audit_trail", t);
        writeAccountActions(connection, planned, firstId);
        writeScans(connection, planned.size(), end);
        writeBulkWork(connection, year, end);
        lap("account_action, scan_run and bulk_work", t);
    }

    /** Returns the id of the first; identity ids follow COPY's row order in one session on a fresh schema. */
    private static long writeIncidents(Connection connection, List<PortalYear.Planned> planned) throws SQLException {
        try (CopyWriter copy = new CopyWriter(connection, "incident", """
                user_id, user_name, rule, severity, status, file_count, first_event_at, last_event_at, created_at,
                updated_at, rules_version, auto_disable, open_key, disabled_by, disabled_at, account_status,
                closed_at, threshold, window_millis, reason, alerted_at, container_files""")) {
            for (PortalYear.Planned p : planned) {
                boolean open = "open".equals(p.status());
                boolean wasDisabled = "disabled".equals(p.status()) || "reenabled".equals(p.status());
                Instant updated = p.reopened() != null ? p.reopened() : p.closedAt() != null ? p.closedAt()
                        : p.createdAt();
                copy.text(p.person().id()).text(p.person().name()).text(p.shape().rule()).text(p.shape().severity())
                        .text(p.status()).number(p.items()).time(p.firstEventAt()).time(p.lastEventAt())
                        .time(p.createdAt()).time(updated).text(MARK).bool(false)
                        .text(open ? p.person().id() + "/" + p.shape().rule() : null)
                        .text(wasDisabled ? p.reviewer() : null).time(wasDisabled ? p.closedAt() : null)
                        .number(wasDisabled ? (Long) ("disabled".equals(p.status()) ? 2L : 1L) : null)
                        .time(p.closedAt()).number((long) p.shape().limit()).number(p.shape().window().toMillis())
                        .text(reason(p)).time(p.createdAt())
                        .number("2".equals(p.shape().entries()) || "25".equals(p.shape().entries())
                                ? (Long) (p.items() * 40L) : null);
                copy.endRow();
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT min(id), max(id), count(*) FROM incident")) {
            rs.next();
            if (rs.getLong(2) - rs.getLong(1) + 1 != planned.size() || rs.getLong(3) != planned.size()) {
                throw new IllegalStateException("seeded incident ids are not contiguous");
            }
            return rs.getLong(1);
        }
    }

    private static String reason(PortalYear.Planned p) {
        PortalYear.Shape s = p.shape();
        return p.items() + " " + (s.noun() == null ? "items" : "files") + " (" + s.verb().toLowerCase() + ") by "
                + p.person().name() + " within " + s.window().toMinutes() + " minutes; the rule's limit is "
                + s.limit();
    }

    /** The ids of an incident's files (or folders, rooms): distinct, from the same generator in every pass. */
    private static long[] itemIds(PortalYear.Planned p) {
        SplittableRandom random = new SplittableRandom(p.itemsSeed());
        long base = 100_000 + random.nextInt(9_000_000);
        long[] ids = new long[p.items()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = base + i * (1L + random.nextInt(9));
            base = ids[i];
        }
        return ids;
    }

    private static void writeFiles(Connection connection, List<PortalYear.Planned> planned, long firstId)
            throws SQLException {
        try (CopyWriter copy = new CopyWriter(connection, "incident_file", "incident_id, file_id")) {
            for (int k = 0; k < planned.size(); k++) {
                for (long item : itemIds(planned.get(k))) {
                    copy.number(firstId + k).text(Long.toString(item));
                    copy.endRow();
                }
            }
        }
    }

    /** One audit event per counted file, spread over the incident's span, numbered in incident order. */
    private static void writeAuditEvents(Connection connection, List<PortalYear.Planned> planned)
            throws SQLException {
        try (CopyWriter copy = new CopyWriter(connection, "audit_event",
                "id, occurred_at, user_id, user_name, action_id, action, entries, target, raw")) {
            long eventId = FIRST_EVENT_ID;
            for (PortalYear.Planned p : planned) {
                long[] items = itemIds(p);
                long span = Duration.between(p.firstEventAt(), p.lastEventAt()).toMillis();
                for (int i = 0; i < items.length; i++) {
                    Instant at = p.firstEventAt().plusMillis(items.length == 1 ? 0 : span * i / (items.length - 1));
                    writeEvent(copy, eventId++, at, p, items[i]);
                }
            }
        }
    }

    /** Each incident's links to its events: the ids {@link #writeAuditEvents} gave them, in the same order. */
    private static void writeEventLinks(Connection connection, List<PortalYear.Planned> planned, long firstId)
            throws SQLException {
        try (CopyWriter copy = new CopyWriter(connection, "incident_event", "incident_id, event_id")) {
            long eventId = FIRST_EVENT_ID;
            for (int k = 0; k < planned.size(); k++) {
                for (int i = 0; i < planned.get(k).items(); i++) {
                    copy.number(firstId + k).number(eventId++);
                    copy.endRow();
                }
            }
        }
    }

    private static void writeEvent(CopyWriter copy, long id, Instant at, PortalYear.Planned p, long item)
            throws SQLException {
        PortalYear.Shape s = p.shape();
        String title = s.noun() == null ? "Project " + item : "report-" + item + "." + s.noun();
        String action = s.verb() + ": " + title;
        String target = "[\"" + item + "\"]";
        // The event as DocSpace's list answer carries it (docspace-api.md §3.1), as the scanner stores it.
        String raw = "{\"id\":" + id + ",\"date\":\"" + at + "\",\"user\":\"" + p.person().name()
                + "\",\"userId\":\"" + p.person().id() + "\",\"action\":\"" + action + "\",\"actionId\":"
                + s.actionId() + ",\"ip\":\"203.0.113." + (item % 250) + "\",\"country\":\"Germany\","
                + "\"city\":\"Berlin\",\"browser\":\"Chrome 124\",\"platform\":\"Windows 10\","
                + "\"page\":\"https://acme.onlyoffice.com/rooms/shared/filter?folder=" + (item % 997) + "\","
                + "\"actionType\":2,\"product\":2,\"location\":1,\"target\":" + target + ",\"entries\":["
                + s.entries() + "],\"context\":\"Rooms: Finance\"}";
        copy.number(id).time(at).text(p.person().id()).text(p.person().name()).number(s.actionId()).text(action)
                .text(s.entries()).text(target).text(raw);
        copy.endRow();
    }

    private static void writeTrail(Connection connection, List<PortalYear.Planned> planned, long firstId)
            throws SQLException {
        try (CopyWriter copy = new CopyWriter(connection, "audit_trail",
                "at, actor, action, incident_id, user_id, comment, outcome, rules_version")) {
            for (int k = 0; k < planned.size(); k++) {
                PortalYear.Planned p = planned.get(k);
                long id = firstId + k;
                String rule = "rule:" + p.shape().rule();
                int opened = p.extended() ? p.items() - 1 : p.items();
                trail(copy, p.createdAt(), rule, "open", id, p, opened + " files, " + opened + " events", null);
                if (p.extended()) {
                    trail(copy, p.createdAt().plusSeconds(60), rule, "extend", id, p, "+1 files, +1 events", null);
                }
                switch (p.status()) {
                    case "dismissed" -> trail(copy, p.closedAt(), p.reviewer(), "dismiss", id, p,
                            "expected: the team's quarterly clean-up", null);
                    case "disabled", "reenabled" -> trail(copy, p.closedAt(), p.reviewer(), "approve", id, p,
                            "not announced; disabling until we have talked", "DocSpace reports disabled");
                    default -> { }
                }
                if (p.reopened() != null) {
                    trail(copy, p.reopened(), p.reviewer(), "reenable", id, p, "talked to them: a script gone wrong",
                            "DocSpace reports active");
                }
            }
        }
    }

    private static void trail(CopyWriter copy, Instant at, String actor, String action, long incidentId,
                              PortalYear.Planned p, String comment, String outcome) throws SQLException {
        copy.time(at).text(actor).text(action).number(incidentId).text(p.person().id()).text(comment).text(outcome)
                .text(MARK);
        copy.endRow();
    }

    private static void writeAccountActions(Connection connection, List<PortalYear.Planned> planned, long firstId)
            throws SQLException {
        try (CopyWriter copy = new CopyWriter(connection, "account_action", """
                incident_id, user_id, action, target_status, actor, comment, requested_at, finished_at, state,
                outcome""")) {
            for (int k = 0; k < planned.size(); k++) {
                PortalYear.Planned p = planned.get(k);
                if (p.closedAt() != null && !"dismissed".equals(p.status())) {
                    action(copy, firstId + k, p, "approve", 2, p.closedAt(), "DocSpace reports disabled");
                }
                if (p.reopened() != null) {
                    action(copy, firstId + k, p, "reenable", 1, p.reopened(), "DocSpace reports active");
                }
            }
        }
    }

    private static void action(CopyWriter copy, long incidentId, PortalYear.Planned p, String action, int status,
                               Instant at, String outcome) throws SQLException {
        copy.number(incidentId).text(p.person().id()).text(action).number(status).text(p.reviewer()).text(null)
                .time(at.minusMillis(400)).time(at).text("done").text(outcome);
        copy.endRow();
    }

    /**
     * A scheduled scan every minute, as the default interval leaves them (scans are never pruned): a whole year
     * for 87,600 incidents or more, the last six minutes per incident for a smaller seed.
     */
    private static void writeScans(Connection connection, int incidents, Instant end) throws SQLException {
        SplittableRandom random = new SplittableRandom(SEED);
        try (CopyWriter copy = new CopyWriter(connection, "scan_run", """
                started_at, finished_at, trigger_kind, kind, window_from, window_to, chunks_total, chunks_done,
                events_read, events_new, events_rejected, incidents_opened, incidents_extended, status, message,
                instance_id""")) {
            Duration span = Duration.ofMinutes(Math.min(Duration.ofDays(365).toMinutes(), 6L * incidents));
            for (Instant at = end.minus(span); at.isBefore(end); at = at.plusSeconds(60)) {
                int roll = random.nextInt(1000);
                String status = roll < 2 ? "failed" : roll < 5 ? "degraded" : "ok";
                int read = status.equals("failed") ? 0 : random.nextInt(400);
                copy.time(at).time(at.plusMillis(200 + random.nextInt(1500))).text("schedule").text("scan")
                        .time(at.minus(Duration.ofMinutes(8))).time(at.minus(Duration.ofMinutes(2))).number(1)
                        .number(status.equals("failed") ? 0 : 1).number(read).number(read / 5).number(0)
                        .number(random.nextInt(100) < 25 ? 1 : 0).number(random.nextInt(100) < 10 ? 1 : 0)
                        .text(status).text(status.equals("failed") ? "DocSpace answered 503: Service Unavailable"
                                : status.equals("degraded") ? "the plan has no audit trail: filters ignored" : null)
                        .text("bench");
                copy.endRow();
            }
        }
    }

    private static void writeBulkWork(Connection connection, PortalYear year, Instant end) throws SQLException {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        try (CopyWriter copy = new CopyWriter(connection, "bulk_work",
                "user_id, starts_at, ends_at, reason, declared_by, declared_at, revoked_by, revoked_at")) {
            for (int i = 0; i < 300; i++) {
                Instant starts = end.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
                String reviewer = PortalYear.REVIEWERS.get(random.nextInt(PortalYear.REVIEWERS.size()));
                boolean revoked = random.nextInt(10) == 0;
                copy.text(random.nextInt(5) == 0 ? null : year.people().get(random.nextInt(50)).id()).time(starts)
                        .time(starts.plus(Duration.ofHours(1 + random.nextInt(48))))
                        .text("migration of the Finance room to the new structure").text(reviewer)
                        .time(starts.minus(Duration.ofHours(2))).text(revoked ? reviewer : null)
                        .time(revoked ? starts.plusSeconds(600) : null);
                copy.endRow();
            }
        }
    }
}
