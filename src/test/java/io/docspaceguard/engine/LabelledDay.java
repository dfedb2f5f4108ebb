package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One working day of a 300-person portal with attacks mixed in, each labelled with the rule that must catch it:
 * background work of everyone, an auto-saver, busy editors, readers and sharers under the limits, people who trash
 * a folder or empty their trash now and then, one `.locked` file, and the system account's clean-up. The same seed
 * gives the same day.
 */
final class LabelledDay {
    static final Instant DAY = Instant.parse("2025-05-14T00:00:00Z");
    static final String SYSTEM = "a37ee56e-3302-4a7b-b67e-ddbea64cd032";

    private final SplittableRandom random;
    private final List<AuditEvent> events = new ArrayList<>();
    /** "rule user" pairs the day must flag: the attacks, nothing else. */
    private final Set<String> attacks = new TreeSet<>();
    private long nextId = 1;

    LabelledDay(long seed) {
        random = new SplittableRandom(seed);
        background();
        ordinaryButBusy();
        mixInAttacks();
    }

    List<AuditEvent> events() {
        return events;
    }

    Set<String> attacks() {
        return attacks;
    }

    /** 300 people, 40 events each between 08:00 and 18:00, on their own 30 files: saves, opens, downloads. */
    private void background() {
        int[] actions = {5034, 5034, 5034, 5034, 5002, 5011, 5009, 5009, 5064, 5054, 5006, 5007, 5001, 5017, 5008};
        for (int u = 0; u < 300; u++) {
            String user = user("staff", u);
            for (int n = 0; n < 40; n++) {
                Instant at = at("08:00").plusSeconds(random.nextLong(10 * 3600));
                int action = actions[random.nextInt(actions.length)];
                add(at, user, action, 1, "f-" + u + "-" + random.nextInt(30), "File Updated: report-" + n + ".docx");
            }
        }
    }

    /** Activity that is heavy but ordinary: every rule must stay quiet on it. */
    private void ordinaryButBusy() {
        // An auto-saver: 3 files every 20 seconds, all day.
        series(user("autosave", 0), 5034, at("07:00"), Duration.ofSeconds(20), 3 * 1500, 3, "autosave-", null);
        // Busy editors: 15 distinct files in 8 minutes, six times a day, 20 minutes apart (90 in two hours).
        for (int e = 0; e < 10; e++) {
            for (int burst = 0; burst < 6; burst++) {
                series(user("editor", e), 5034, at("09:00").plus(Duration.ofMinutes(28L * burst + e)),
                        Duration.ofSeconds(32), 15, 15, "ed-" + e + "-" + burst + "-", null);
            }
        }
        // Readers: 40 downloads in 10 minutes, then 150 over three hours.
        series(user("reader", 0), 5009, at("10:00"), Duration.ofSeconds(15), 40, 40, "read-a-", null);
        series(user("reader", 1), 5009, at("12:00"), Duration.ofSeconds(72), 150, 150, "read-b-", null);
        // A sharer: 10 external links in 10 minutes.
        series(user("sharer", 0), 5091, at("11:00"), Duration.ofSeconds(60), 10, 10, "share-", null);
        // Tidying up: two folders trashed 40 minutes apart; two files trashed, then the trash emptied.
        add(at("13:00"), user("tidy", 0), 5026, 2, "folder-t1", "Folders [Old drafts]. Moved To Trash");
        add(at("13:40"), user("tidy", 0), 5026, 2, "folder-t2", "Folders [Old scans]. Moved To Trash");
        series(user("tidy", 1), 5017, at("14:00"), Duration.ofSeconds(30), 2, 2, "tidy-", null);
        add(at("14:05"), user("tidy", 1), 5061, 1, "trash-7", "Trash emptied");
        // One file locked by its owner's own tool, once.
        add(at("15:00"), user("locker", 0), 5011, 1, "locked-1", "File Uploaded: budget.xlsx.locked");
        // The system account's clean-up: hundreds of deletions and an emptied trash; there is no account to act on.
        series(SYSTEM, 5018, at("03:00"), Duration.ofSeconds(2), 500, 500, "expired-", null);
        add(at("03:30"), SYSTEM, 5061, 1, "trash-sys", "Trash emptied");
    }

    private void mixInAttacks() {
        String u;
        u = attacker("folders-removed", 0);
        for (int k = 0; k < 4; k++) {
            add(at("09:10").plus(Duration.ofMinutes(5L * k)), u, 5026, 2, "afold-" + k,
                    "Folders [Project " + k + "]. Moved To Trash");
        }
        u = attacker("rooms-removed", 1);
        add(at("09:30"), u, 5074, 25, "room-9", "Room Deleted: Finance");
        u = attacker("trash-emptied-after-deletions", 2);
        series(u, 5017, at("10:00"), Duration.ofSeconds(40), 5, 5, "gone-", "Files [contract-{n}.pdf]. Moved To Trash Folder");
        add(at("10:10"), u, 5061, 1, "trash-" + u, "Trash emptied");
        u = attacker("sustained-downloads", 3);
        series(u, 5009, at("13:00"), Duration.ofSeconds(20), 720, 720, "exfil-", "File Downloaded: customer-{n}.xlsx");
        u = attacker("sustained-changes", 4);
        series(u, 5099, at("14:00"), Duration.ofSeconds(50), 288, 288, "enc-", "File uploaded with overwriting: q{n}.xlsx");
        u = attacker("ransomware-names", 5);
        series(u, 5011, at("11:30"), Duration.ofSeconds(30), 5, 5, "rw-", "File Uploaded: plan-{n}.docx.wncry");
        add(at("11:33"), u, 5011, 1, "rw-note", "File Uploaded: !!!READ_ME!!!.txt");
        u = attacker("link-sharing", 6);
        series(u, 5091, at("15:00"), Duration.ofSeconds(12), 25, 25, "link-", null);
        u = attacker("folder-downloads", 7);
        series(u, 5057, at("16:00"), Duration.ofMinutes(3), 5, 5, "dlf-", "Folders [Archive {n}]. Downloaded");
        u = attacker("versions-deleted", 8);
        series(u, 5004, at("16:30"), Duration.ofMinutes(1), 8, 8, "ver-", "Files [spec-{n}.docx]. Revision: 3. Version Deleted");
        u = attacker("bulk-file-changes", 9);
        series(u, 5034, at("10:30"), Duration.ofSeconds(10), 30, 30, "burst-", null);
        u = attacker("mass-deletion", 10);
        series(u, 5017, at("11:00"), Duration.ofSeconds(10), 15, 15, "del-", null);
        u = attacker("mass-download", 11);
        series(u, 5009, at("12:30"), Duration.ofSeconds(5), 60, 60, "grab-", null);
    }

    private String attacker(String rule, int n) {
        String user = user("attacker", n);
        attacks.add(rule + " " + user);
        return user;
    }

    /** {@code count} events {@code every} apart, cycling through {@code files} files; {n} in text is the file. */
    private void series(String user, int action, Instant start, Duration every, int count, int files, String prefix,
                        String text) {
        int entry = action == 5057 || action == 5026 ? 2 : 1;
        for (int n = 0; n < count; n++) {
            String file = prefix + (n % files);
            add(start.plus(every.multipliedBy(n)), user, action, entry, file,
                    text == null ? null : text.replace("{n}", Integer.toString(n % files)));
        }
    }

    private void add(Instant at, String user, int action, int entry, String target, String text) {
        events.add(new AuditEvent(nextId++, at.toEpochMilli(), user, user, action, List.of(entry), List.of(target),
                text));
    }

    private static Instant at(String hhmm) {
        return DAY.plus(Duration.parse("PT" + hhmm.replace(":", "H") + "M"));
    }

    /** A stable GUID-shaped id per role and number. */
    private static String user(String role, int n) {
        return String.format("%08x-0000-4000-8000-%012x", Math.abs(role.hashCode()), n);
    }
}
