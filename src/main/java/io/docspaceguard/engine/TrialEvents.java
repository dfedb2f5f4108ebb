package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic burst for trial runs of a new rule set: one account changing (under ransomware names), trashing,
 * deleting, downloading and sharing many distinct files, deleting their versions, trashing and downloading
 * folders, removing rooms and emptying its trash within minutes, so that every kind of rule fires on it even
 * on a portal whose recent history is quiet.
 */
final class TrialEvents {
    /** A user id no DocSpace account has; trial findings are thrown away. */
    static final String USER = "00000000-0000-4000-8000-00000000c0de";
    private static final int PER_ACTION = 120;
    /** Action id and entry type of each kind of activity: files [1], folders [2], rooms [25]. */
    private static final int[][] ACTIONS = {{5002, 1}, {5017, 1}, {5018, 1}, {5009, 1}, {5091, 1}, {5004, 1},
            {5026, 2}, {5057, 2}, {5074, 25}, {5061, 1}};

    private TrialEvents() {
    }

    /** The burst, a second apart, starting a minute after the latest of {@code before}. */
    static List<AuditEvent> burstAfter(List<AuditEvent> before) {
        long start = before.stream().mapToLong(AuditEvent::ts).max().orElse(0) + 60_000;
        long id = before.stream().mapToLong(AuditEvent::id).max().orElse(0) + 1;
        List<AuditEvent> burst = new ArrayList<>();
        for (int[] action : ACTIONS) {
            for (int n = 0; n < PER_ACTION; n++) {
                String name = "trial-" + action[0] + "-" + n;
                burst.add(new AuditEvent(id, start + 1_000L * burst.size(), USER, "Trial", action[0],
                        List.of(action[1]), List.of(name), "File Uploaded: " + name + ".docx.wncry"));
                id++;
            }
        }
        return burst;
    }
}
