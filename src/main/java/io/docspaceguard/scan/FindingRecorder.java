package io.docspaceguard.scan;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.facts.Finding;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.RecordOutcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the rules' findings into incidents: skips accounts there is nothing to disable for, raises the severity of
 * findings about large folders and rooms, records each with its reason, notes how long detection took, and hands
 * the outcome to the {@link AlertPolicy}.
 */
final class FindingRecorder {
    /** Incidents opened and extended by one evaluation. */
    record Outcome(int opened, int extended) {
        static final Outcome NONE = new Outcome(0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(opened + other.opened, extended + other.extended);
        }
    }

    private final IncidentService incidents;
    private final AlertPolicy alertPolicy;
    private final ContainerSizes containerSizes;
    private final Predicate<String> serviceAccount;
    private final DetectionLatency latency;

    FindingRecorder(IncidentService incidents, AlertPolicy alertPolicy, ContainerSizes containerSizes,
                    Predicate<String> serviceAccount, DetectionLatency latency) {
        this.incidents = incidents;
        this.alertPolicy = alertPolicy;
        this.containerSizes = containerSizes;
        this.serviceAccount = serviceAccount;
        this.latency = latency;
    }

    /**
     * @param events       the events the findings were found in, by id: for the reason and the time the limit was
     *                     crossed
     * @param userNames    the accounts' names as the events around gave them (DocSpace leaves them out of some rows)
     * @param rulesVersion the version of the rule set that found them, stamped on the incidents
     */
    Outcome record(List<Finding> findings, Map<Long, AuditEntry> events, Function<String, String> userNames,
                   String rulesVersion) {
        int opened = 0;
        int extended = 0;
        ContainerSizes.Lookups lookups = containerSizes.lookups();
        for (Finding found : findings) {
            if (Detector.PSEUDO_ACCOUNTS.contains(found.userId()) || serviceAccount.test(found.userId())) {
                continue;
            }
            Map<String, ContainerSizes.Size> sizes = ContainerSizes.concerns(found.itemsByKind())
                    ? lookups.of(found.itemsByKind()) : Map.of();
            Integer containerFiles = ContainerSizes.knownFiles(sizes);
            Finding finding = containerFiles != null && containerFiles >= Detector.LARGE_CONTAINERS
                    ? found.withSeverity(raised(found.severity())) : found;
            RecordOutcome outcome = incidents.record(finding, userNames.apply(finding.userId()), rulesVersion,
                    new IncidentService.Details(IncidentReason.of(finding, events, sizes), containerFiles));
            switch (outcome.kind()) {
                case OPENED -> {
                    opened++;
                    latency.opened(outcome.incident().id(), DetectionLatency.crossedAt(finding.eventIds().stream()
                            .map(events::get).filter(Objects::nonNull).map(AuditEntry::at).toList(), finding.threshold()));
                }
                case EXTENDED -> extended++;
                default -> { }
            }
            alertPolicy.after(outcome, finding.autoDisable());
        }
        return new Outcome(opened, extended);
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
