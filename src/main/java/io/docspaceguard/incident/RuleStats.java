package io.docspaceguard.incident;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One rule's incidents by status and its dismissals by reason: how often the rule is right, the number its
 * author tunes it by. Only rules that have incidents appear.
 */
public record RuleStats(String rule, int total, Map<String, Integer> byStatus, Map<String, Integer> dismissedBy) {

    /** Folds the grouped counts into one entry per rule, every status and reason present (0 when none). */
    static List<RuleStats> of(List<IncidentQueries.RuleCount> counts) {
        Map<String, Map<String, Integer>> statuses = new TreeMap<>();
        Map<String, Map<String, Integer>> reasons = new TreeMap<>();
        for (IncidentQueries.RuleCount c : counts) {
            statuses.computeIfAbsent(c.rule(), r -> zeros(IncidentStatus.values().length, statusNames()))
                    .merge(c.status().wireName(), c.n(), Integer::sum);
            Map<String, Integer> byReason = reasons.computeIfAbsent(c.rule(),
                    r -> zeros(DismissalReason.WIRE_NAMES.size(), DismissalReason.WIRE_NAMES));
            if (c.dismissalReason() != null) {
                byReason.merge(c.dismissalReason().wireName(), c.n(), Integer::sum);
            }
        }
        List<RuleStats> result = new ArrayList<>();
        statuses.forEach((rule, byStatus) -> result.add(new RuleStats(rule,
                byStatus.values().stream().mapToInt(Integer::intValue).sum(),
                Collections.unmodifiableMap(byStatus), Collections.unmodifiableMap(reasons.get(rule)))));
        return List.copyOf(result);
    }

    private static List<String> statusNames() {
        List<String> names = new ArrayList<>();
        for (IncidentStatus s : IncidentStatus.values()) {
            names.add(s.wireName());
        }
        return names;
    }

    private static Map<String, Integer> zeros(int size, List<String> keys) {
        Map<String, Integer> map = new LinkedHashMap<>(size * 2);
        keys.forEach(k -> map.put(k, 0));
        return map;
    }
}
