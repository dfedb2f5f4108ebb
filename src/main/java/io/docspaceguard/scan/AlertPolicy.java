package io.docspaceguard.scan;

import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.Alerts;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.incident.RecordOutcome;
import java.time.Clock;
import java.time.Duration;

/**
 * What follows a recorded finding: a new incident is announced and, when its rule asks, restricted at once; an open
 * incident that grew is announced again once its quiet period is over. An incident inside declared bulk work is
 * neither announced nor restricted.
 */
final class AlertPolicy {
    private final IncidentService incidents;
    private final AutoDisablePolicy autoDisable;
    private final Alerts alerts;
    private final Duration quietPeriod;
    private final Clock clock;

    /** @param quietPeriod how long an open incident that keeps growing stays quiet after an alert about it */
    AlertPolicy(IncidentService incidents, AutoDisablePolicy autoDisable, Alerts alerts, Duration quietPeriod,
                Clock clock) {
        this.incidents = incidents;
        this.autoDisable = autoDisable;
        this.alerts = alerts;
        this.quietPeriod = quietPeriod;
        this.clock = clock;
    }

    void after(RecordOutcome outcome, boolean ruleAsksToDisable) {
        Incident incident = outcome.incident();
        if (incident == null || incident.suppressed()) {
            return;
        }
        switch (outcome.kind()) {
            case OPENED -> {
                announce(Alert.incidentOpened(incident));
                if (ruleAsksToDisable) {
                    autoDisable.autoDisable(incident);
                }
            }
            case EXTENDED -> {
                if (incident.status() == IncidentStatus.OPEN && quietPeriodOver(incident)) {
                    announce(Alert.incidentGrew(incident));
                }
            }
            default -> { }
        }
    }

    /** One alert per incident per quiet period, however often it grows; the first one always. */
    private boolean quietPeriodOver(Incident incident) {
        return incident.alertedAt() == null || !incident.alertedAt().plus(quietPeriod).isAfter(clock.instant());
    }

    private void announce(Alert alert) {
        alerts.announce(alert);
        incidents.markAlerted(alert.incident().id());
    }
}
