package io.docspaceguard.http;

import io.docspaceguard.docspace.ActionText;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.EventOrigin;
import io.docspaceguard.engine.NameLists;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.incident.DismissalReason;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentDetail;
import io.docspaceguard.incident.IncidentFilter;
import io.docspaceguard.incident.IncidentPage;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.IncidentTimeline;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.incident.TrailEntry;
import io.docspaceguard.incident.TrailFilter;
import io.docspaceguard.incident.TrailService;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading incidents and the audit trail. */
final class IncidentController {
    record IncidentJson(long id, String userId, String userName, String rule, String severity, String status,
                        int fileCount, Instant firstEventAt, Instant lastEventAt, Instant createdAt,
                        Instant updatedAt, String rulesVersion, boolean autoDisable, String disabledBy,
                        Instant disabledAt, String confirmedBy, Instant confirmedAt, boolean awaitingConfirmation,
                        Integer accountStatus, Integer threshold, Long windowMillis, String reason,
                        Long suppressedBy, Instant alertedAt, Integer containerFiles, String dismissalReason,
                        String assignee) {
        static IncidentJson of(Incident i) {
            return new IncidentJson(i.id(), i.userId(), i.userName(), i.rule(), i.severity(), i.status().wireName(),
                    i.fileCount(), i.firstEventAt(), i.lastEventAt(), i.createdAt(), i.updatedAt(),
                    i.rulesVersion(), i.autoDisable(), i.disabledBy(), i.disabledAt(), i.confirmedBy(),
                    i.confirmedAt(), i.awaitingConfirmation(), i.accountStatus(), i.threshold(), i.windowMillis(),
                    i.reason(), i.suppressedBy(), i.alertedAt(), i.containerFiles(),
                    i.dismissalReason() == null ? null : i.dismissalReason().wireName(), i.assignee());
        }
    }

    /**
     * An event as a reviewer reads it: the file's name (DocSpace puts it only into the action text), where the
     * request came from, and the name lists (e.g. {@code ransomware}) the name matches.
     */
    record EventJson(long id, Instant at, String userId, String userName, int actionId, String action,
                     List<Integer> entries, List<String> target, String fileName, List<String> suspicious,
                     String context, String ip, String country, String city, String browser, String platform) {
        static EventJson of(AuditEntry e, NameLists lists) {
            String name = e.action() == null ? null : ActionText.entryName(e.action());
            EventOrigin o = EventOrigin.of(e.raw());
            return new EventJson(e.id(), e.at(), e.userId(), e.userName(), e.actionId(), e.action(), e.entries(),
                    e.target(), name, lists.listsMatching(name), o.context(), o.ip(), o.country(), o.city(),
                    o.browser(), o.platform());
        }
    }

    record DetailJson(IncidentJson incident, List<String> fileIds, List<EventJson> events, List<TrailEntry> history) {
    }

    record TimelineJson(long incidentId, String userId, Integer threshold, Long windowMillis, Instant firstEventAt,
                        Instant lastEventAt, Instant from, Instant to, List<IncidentTimeline.Event> events,
                        boolean truncated) {
        static TimelineJson of(IncidentTimeline t) {
            Incident i = t.incident();
            return new TimelineJson(i.id(), i.userId(), i.threshold(), i.windowMillis(), i.firstEventAt(),
                    i.lastEventAt(), t.from(), t.to(), t.events(), t.truncated());
        }
    }

    /** Incidents per status under the list's other filters. */
    record CountsJson(Map<String, Integer> byStatus) {
    }

    static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");

    private final IncidentService incidents;
    private final TrailService trail;
    private final RuleEngine engine;

    IncidentController(IncidentService incidents, TrailService trail, RuleEngine engine) {
        this.incidents = incidents;
        this.trail = trail;
        this.engine = engine;
    }

    void list(Context ctx) {
        IncidentPage page = incidents.list(filter(ctx));
        ctx.json(new Page<>(page.items().stream().map(IncidentJson::of).toList(), page.nextCursor()));
    }

    void counts(Context ctx) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        incidents.countByStatus(filter(ctx)).forEach((status, n) -> byStatus.put(status.wireName(), n));
        ctx.json(new CountsJson(byStatus));
    }

    void ruleStats(Context ctx) {
        ctx.json(incidents.ruleStats());
    }

    private static IncidentFilter filter(Context ctx) {
        String reason = Params.oneOf(ctx, "dismissalReason", DismissalReason.WIRE_NAMES);
        return new IncidentFilter(status(ctx), Params.text(ctx, "userId", 64),
                Params.text(ctx, "rule", 128), Params.instant(ctx, "since"), Params.instant(ctx, "until"),
                limit(ctx), Params.number(ctx, "cursor", 1, Long.MAX_VALUE), Params.oneOf(ctx, "severity", SEVERITIES),
                reason == null ? null : DismissalReason.fromWire(reason), Params.text(ctx, "assignee", 128),
                Params.text(ctx, "userName", 128));
    }

    void get(Context ctx) {
        long id = Params.pathId(ctx);
        IncidentDetail detail = incidents.get(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
        ctx.json(new DetailJson(IncidentJson.of(detail.incident()), detail.fileIds(),
                detail.events().stream().map(e -> EventJson.of(e, engine.active().nameLists())).toList(),
                detail.history()));
    }

    void timeline(Context ctx) {
        long id = Params.pathId(ctx);
        ctx.json(TimelineJson.of(incidents.timeline(id).orElseThrow(() -> ApiException.notFound("no incident " + id))));
    }

    void trail(Context ctx) {
        int limit = limit(ctx) == null ? IncidentFilter.DEFAULT_LIMIT : limit(ctx);
        TrailFilter filter = new TrailFilter(Params.number(ctx, "incidentId", 1, Long.MAX_VALUE),
                Params.text(ctx, "actor", 128), Params.text(ctx, "userId", 64), Params.oneOf(ctx, "action", TrailEntry.ACTIONS),
                Params.instant(ctx, "since"), Params.instant(ctx, "until"),
                Params.number(ctx, "cursor", 1, Long.MAX_VALUE), limit + 1);
        ctx.json(Page.of(trail.find(filter), limit, TrailEntry::id));
    }

    private static Integer limit(Context ctx) {
        Long limit = Params.number(ctx, "limit", 1, IncidentFilter.MAX_LIMIT);
        return limit == null ? null : limit.intValue();
    }

    private static IncidentStatus status(Context ctx) {
        String value = Params.text(ctx, "status", 32);
        if (value == null) {
            return null;
        }
        try {
            return IncidentStatus.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status must be one of open, disabled, dismissed, reenabled; got '"
                    + value + "'");
        }
    }
}
