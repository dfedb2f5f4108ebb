package io.docspaceguard.scan;

import io.docspaceguard.alert.Alerts;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.WebhookTriggers;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleSet;
import io.docspaceguard.facts.Finding;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.RecordOutcome;
import io.docspaceguard.store.AuditEventDao;
import io.docspaceguard.store.PushedEventDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs the rules over newly stored events together with the stored events around them, and turns the
 * findings into incidents with their reason and container sizes; {@link AlertPolicy} decides what follows.
 * The events around are the audit rows and the activity DocSpace pushed that no audit row reports yet
 * ({@link PushedEvidence}), whether the new events were polled or pushed.
 */
public final class Detector {
    /** DocSpace's pseudo-accounts (system, anonymous, lost user, no user): there is no account to disable. */
    public static final Set<String> PSEUDO_ACCOUNTS = Set.of(
            "a37ee56e-3302-4a7b-b67e-ddbea64cd032",
            "712d9ec3-5d2b-4b13-824f-71f00191dcca",
            "4a515a15-d4d6-4b8e-828e-e0586f18f3a3",
            "00000000-0000-0000-0000-000000000000");

    /** Folders and rooms holding at least this many files in all raise a container finding's severity one level. */
    public static final int LARGE_CONTAINERS = 100;

    /** Incidents opened and extended by one evaluation. */
    record Outcome(int opened, int extended) {
    }

    private final Jdbi jdbi;
    private final RuleEngine engine;
    private final IncidentService incidents;
    private final AlertPolicy alertPolicy;
    private final ContainerSizes containerSizes;
    private final Predicate<String> serviceAccount;
    private final DetectionLatency latency;

    /**
     * @param alertSuppression how long an open incident that keeps growing stays quiet after an alert about it
     * @param containerSizes   looks up what the folders and rooms of container findings hold
     * @param serviceAccount   whether a user id is the service's own account, whose recovery writes are no suspect
     * @param latency          where the time from crossing a limit to an opened incident is recorded
     */
    public Detector(Jdbi jdbi, RuleEngine engine, IncidentService incidents, AutoDisablePolicy autoDisable,
                    Alerts alerts, Duration alertSuppression, ContainerSizes containerSizes,
                    Predicate<String> serviceAccount, DetectionLatency latency, Clock clock) {
        this.jdbi = jdbi;
        this.engine = engine;
        this.incidents = incidents;
        this.alertPolicy = new AlertPolicy(incidents, autoDisable, alerts, alertSuppression, clock);
        this.containerSizes = containerSizes;
        this.serviceAccount = serviceAccount;
        this.latency = latency;
    }

    /**
     * Evaluates {@code fresh} with the stored events within the longest rule window on both sides, so a late
     * event joins the burst it belongs to and a window spanning two scans is whole. The context, the findings
     * and the version stamped on incidents all come from one rule set, even if a reload happens meanwhile.
     */
    Outcome evaluateAround(List<AuditEntry> fresh) {
        return evaluate(fresh);
    }

    /** As {@link #evaluateAround} for one activity DocSpace pushed. */
    Outcome evaluatePushed(AuditEntry pushed) {
        return evaluate(List.of(pushed));
    }

    private Outcome evaluate(List<AuditEntry> fresh) {
        RuleSet ruleSet = engine.active();
        List<AuditEntry> around = context(fresh, ruleSet);
        Map<String, String> userNames = new HashMap<>();
        Map<Long, AuditEntry> byId = new HashMap<>();
        around.forEach(e -> {
            byId.put(e.id(), e);
            if (e.userName() != null) {
                userNames.put(e.userId(), e.userName());
            }
        });
        String rulesVersion = ruleSet.version();
        List<Finding> findings = engine.run(ruleSet, around.stream().map(AuditEntry::toFact).toList()).findings();
        int opened = 0;
        int extended = 0;
        ContainerSizes.Lookups lookups = containerSizes.lookups();
        for (Finding found : findings) {
            if (PSEUDO_ACCOUNTS.contains(found.userId()) || serviceAccount.test(found.userId())) {
                continue;
            }
            Map<String, ContainerSizes.Size> sizes = ContainerSizes.concerns(found.itemsByKind())
                    ? lookups.of(found.itemsByKind()) : Map.of();
            Integer containerFiles = ContainerSizes.knownFiles(sizes);
            Finding finding = containerFiles != null && containerFiles >= LARGE_CONTAINERS
                    ? found.withSeverity(raised(found.severity())) : found;
            RecordOutcome outcome = incidents.record(finding, userNames.get(finding.userId()), rulesVersion,
                    new IncidentService.Details(IncidentReason.of(finding, byId, sizes), containerFiles));
            switch (outcome.kind()) {
                case OPENED -> {
                    opened++;
                    latency.opened(outcome.incident().id(), DetectionLatency.crossedAt(finding.eventIds().stream()
                            .map(byId::get).filter(Objects::nonNull).map(AuditEntry::at).toList(), finding.threshold()));
                }
                case EXTENDED -> extended++;
                default -> { }
            }
            alertPolicy.after(outcome, finding.autoDisable());
        }
        return new Outcome(opened, extended);
    }

    /**
     * The stored events the rules need to judge {@code fresh}: those within the longest window on both sides, and
     * the pushed activities in that span that no audit row reports yet (an action seen both ways counts once, as its
     * audit row; audit rows a little outside the span are read too, since they may report a pushed activity in it).
     * When no rule mixes users, only the users of the fresh events can have new findings, so only their events are
     * kept: a busy portal's other users would multiply the work of every scan without changing its outcome.
     */
    private List<AuditEntry> context(List<AuditEntry> fresh, RuleSet ruleSet) {
        Instant first = fresh.stream().map(AuditEntry::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = fresh.stream().map(AuditEntry::at).max(Comparator.naturalOrder()).orElseThrow();
        Duration window = ruleSet.longestWindow();
        Instant from = first.minus(window);
        Instant to = last.plus(window);
        Instant auditFrom = from.minus(WebhookTriggers.TOLERANCE);
        Instant auditTo = to.plus(WebhookTriggers.TOLERANCE);
        Set<String> users = new HashSet<>();
        fresh.forEach(e -> users.add(e.userId()));
        boolean everyone = !ruleSet.crossUserRules().isEmpty();
        AuditEventDao auditEvents = jdbi.onDemand(AuditEventDao.class);
        List<AuditEntry> audit = everyone ? auditEvents.betweenWithoutRaw(auditFrom, auditTo)
                // One user (a push, a quiet scan) is an index walk; many are one range read filtered in Java.
                : users.size() == 1 ? auditEvents.ofUserBetween(users.iterator().next(), auditFrom, auditTo)
                : auditEvents.betweenFor(auditFrom, auditTo, users);
        List<AuditEntry> pushed = jdbi.onDemand(PushedEventDao.class).between(from, to).stream()
                .filter(e -> everyone || users.contains(e.userId())).toList();
        List<AuditEntry> around = new ArrayList<>(audit.size() + pushed.size());
        for (AuditEntry entry : audit) {
            if (!entry.at().isBefore(from) && !entry.at().isAfter(to)) {
                around.add(entry);
            }
        }
        around.addAll(PushedEvidence.uncovered(pushed, audit));
        return around;
    }

    /** One severity up: the containers a rule counted hold many files. */
    static String raised(String severity) {
        return switch (severity) {
            case "low" -> "medium";
            case "medium" -> "high";
            case "high", "critical" -> "critical";
            default -> severity;
        };
    }
}
