package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentNotices;
import io.docspaceguard.incident.Transition;

/** The response workflow's notices, announced as alerts. */
public final class IncidentAlerts implements IncidentNotices {
    private final Alerts alerts;

    public IncidentAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public void actionFailed(Incident incident, Transition transition, String actor, int docSpaceStatus,
                             String message) {
        alerts.announce(transition == Transition.AUTO_DISABLE
                ? Alert.autoDisableFailed(incident, docSpaceStatus, message)
                : Alert.actionFailed(incident, transition.accountVerb(), actor, docSpaceStatus, message));
    }

    @Override
    public void autoDisableCapReached(Incident incident, int capPerHour) {
        alerts.announce(Alert.autoDisableCapReached(incident, capPerHour));
    }
}
