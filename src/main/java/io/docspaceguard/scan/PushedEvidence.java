package io.docspaceguard.scan;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.WebhookTriggers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pushed activities still count. DocSpace reports most actions twice: at once through the webhook and later
 * as an audit row. The audit row is the record; a pushed activity counts only until a row reporting the same
 * action arrives ({@link WebhookTriggers#covers}). Since the item stays in the evaluation as that row, no rule
 * that counts distinct items (every shipped one) ever sees it fewer or more times than once.
 */
final class PushedEvidence {
    private PushedEvidence() {
    }

    /** The pushed activities that no audit row in {@code audit} reports. */
    static List<AuditEntry> uncovered(List<AuditEntry> pushed, List<AuditEntry> audit) {
        if (pushed.isEmpty()) {
            return List.of();
        }
        Map<String, List<AuditEntry>> auditByItem = new HashMap<>();
        for (AuditEntry row : audit) {
            if (!row.target().isEmpty()) {
                auditByItem.computeIfAbsent(key(row), k -> new ArrayList<>()).add(row);
            }
        }
        List<AuditEntry> still = new ArrayList<>();
        for (AuditEntry activity : pushed) {
            List<AuditEntry> sameItem = auditByItem.getOrDefault(key(activity), List.of());
            if (sameItem.stream().noneMatch(row -> WebhookTriggers.covers(row, activity))) {
                still.add(activity);
            }
        }
        return still;
    }

    private static String key(AuditEntry entry) {
        return entry.userId() + '\n' + (entry.target().isEmpty() ? "" : entry.target().get(0));
    }
}
