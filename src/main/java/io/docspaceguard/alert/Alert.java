package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;
import java.util.Map;

/** Something reviewers should know about at once. */
public record Alert(String kind, String text, Incident incident, Map<String, Object> details) {
}
