package io.docspaceguard.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recovery plan of one incident: per file what would be done and why, and the totals a reviewer reads first.
 * Computed from DocSpace's own records without writing anything.
 *
 * @param since  the incident's first event: versions from before it are what the files go back to
 * @param until  the incident's last event: versions after it by other accounts are honest work, never clobbered
 */
public record RecoveryPlan(long incidentId, String userId, Instant since, Instant until, List<RecoveryItem> items,
                           Totals totals) {

    /**
     * @param toRestore    files whose content goes back to an earlier version
     * @param toRenameBack files whose title goes back
     * @param skipped      files left alone, by reason
     * @param cannot       files no tool can recover through the API, by reason
     */
    public record Totals(int files, int toRestore, int toRenameBack, int unchanged, Map<String, Integer> skipped,
                         Map<String, Integer> cannot) {
    }

    static RecoveryPlan of(long incidentId, String userId, Instant since, Instant until, List<RecoveryItem> items) {
        int restore = 0;
        int rename = 0;
        int unchanged = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        Map<String, Integer> cannot = new TreeMap<>();
        for (RecoveryItem item : items) {
            switch (item.outcome()) {
                case RecoveryItem.PLANNED -> {
                    restore += item.restoreVersion() != null ? 1 : 0;
                    rename += item.renameTo() != null ? 1 : 0;
                }
                case RecoveryItem.UNCHANGED -> unchanged++;
                case RecoveryItem.SKIPPED -> skipped.merge(item.reason(), 1, Integer::sum);
                default -> cannot.merge(item.reason(), 1, Integer::sum);
            }
        }
        return new RecoveryPlan(incidentId, userId, since, until, List.copyOf(items),
                new Totals(items.size(), restore, rename, unchanged, skipped, cannot));
    }
}
