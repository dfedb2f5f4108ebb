package io.docspaceguard.scan;

import io.docspaceguard.docspace.ActionText;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.facts.FileActivity;
import io.docspaceguard.facts.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why a finding is an incident, in one line a reviewer reads without opening the rule: what was counted against
 * which limit in which window, the names of what was touched (from DocSpace's action text), and for containers
 * that their size is unknown. E.g. "34 distinct files changed within 10 min (limit 20): q1.xlsx, q2.xlsx, ...".
 */
final class IncidentReason {
    static final int MAX_NAMES = 5;
    static final int MAX_LENGTH = 2000;

    /** What an activity kind counts, singular and plural. */
    private record Noun(String one, String many) {
        String of(int n) {
            return n + " " + (n == 1 ? one : many);
        }
    }

    private static final Map<String, Noun> NOUNS = Map.of(
            FileActivity.CHANGE, new Noun("file changed", "distinct files changed"),
            FileActivity.DELETION, new Noun("file moved to trash or deleted", "distinct files moved to trash or deleted"),
            FileActivity.DOWNLOAD, new Noun("file downloaded", "distinct files downloaded"),
            FileActivity.SHARE, new Noun("file or folder shared", "distinct files and folders shared"),
            FileActivity.FOLDER_REMOVAL, new Noun("folder moved to trash or deleted", "folders moved to trash or deleted"),
            FileActivity.ROOM_REMOVAL, new Noun("room deleted or archived", "rooms deleted or archived"),
            FileActivity.FOLDER_DOWNLOAD, new Noun("folder downloaded", "folders downloaded"),
            FileActivity.VERSION_DELETION, new Noun("file lost versions", "files lost versions"),
            FileActivity.SUSPICIOUS_NAME, new Noun("file with a ransomware name", "files with ransomware names"));
    private static final Set<String> CONTAINERS =
            Set.of(FileActivity.FOLDER_REMOVAL, FileActivity.ROOM_REMOVAL, FileActivity.FOLDER_DOWNLOAD);

    private IncidentReason() {
    }

    /** As below, for a finding without containers. */
    static String of(Finding finding, Map<Long, AuditEntry> events) {
        return of(finding, events, Map.of());
    }

    /**
     * @param events the stored events the finding may name, by id (those missing are left out of the names)
     * @param sizes  what the finding's folders and rooms hold, by id, where that was looked up
     */
    static String of(Finding finding, Map<Long, AuditEntry> events, Map<String, ContainerSizes.Size> sizes) {
        Map<String, Set<String>> kinds = finding.itemsByKind();
        List<String> counted = new ArrayList<>();
        kinds.entrySet().stream()
                .filter(e -> NOUNS.containsKey(e.getKey()))
                .sorted(Comparator.comparing((Map.Entry<String, Set<String>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> counted.add(NOUNS.get(e.getKey()).of(e.getValue().size())));
        StringBuilder why = new StringBuilder();
        if (kinds.containsKey(FileActivity.TRASH_EMPTIED)) {
            why.append("trash emptied after ").append(counted.isEmpty() ? "deletions" : String.join(" and ", counted));
        } else if (counted.isEmpty()) {
            why.append(finding.fileIds().size()).append(finding.fileIds().size() == 1 ? " item" : " distinct items");
        } else {
            why.append(String.join(", ", counted));
        }
        if (finding.windowMillis() > 0) {
            why.append(" within ").append(human(Duration.ofMillis(finding.windowMillis())));
        }
        if (finding.threshold() > 0) {
            why.append(" (limit ").append(finding.threshold()).append(')');
        }
        List<String> names = names(finding, events, sizes);
        if (!names.isEmpty()) {
            why.append(": ").append(String.join(", ", names.subList(0, Math.min(MAX_NAMES, names.size()))));
            if (names.size() > MAX_NAMES) {
                why.append(" and ").append(names.size() - MAX_NAMES).append(" more");
            }
        }
        Integer files = ContainerSizes.knownFiles(sizes);
        if (files != null) {
            why.append("; ").append(files).append(files == 1 ? " file" : " files").append(" in the containers DocSpace "
                    + "let the service read");
        } else if (kinds.keySet().stream().anyMatch(CONTAINERS::contains)) {
            why.append("; size unknown");
        }
        return why.length() <= MAX_LENGTH ? why.toString() : why.substring(0, MAX_LENGTH - 1) + "…";
    }

    /** "10 min", "3 h", "1 h 30 min", "45 s". */
    static String human(Duration d) {
        List<String> parts = new ArrayList<>();
        if (d.toHours() > 0) {
            parts.add(d.toHours() + " h");
        }
        if (d.toMinutesPart() > 0) {
            parts.add(d.toMinutesPart() + " min");
        }
        if (d.toSecondsPart() > 0 || parts.isEmpty()) {
            parts.add(d.toSecondsPart() + " s");
        }
        return String.join(" ", parts);
    }

    /**
     * One name per item, in the order items first appear, each the item's latest name (a renamed file shows the
     * name it was given); a container's with its size.
     */
    private static List<String> names(Finding finding, Map<Long, AuditEntry> events,
                                      Map<String, ContainerSizes.Size> sizes) {
        Map<String, String> byItem = new LinkedHashMap<>();
        for (long id : new TreeSet<>(finding.eventIds())) {
            AuditEntry entry = events.get(id);
            if (entry != null && entry.action() != null && !entry.target().isEmpty()) {
                String name = nameIn(entry.action());
                if (name != null) {
                    ContainerSizes.Size size = sizes.get(entry.target().get(0));
                    byItem.put(entry.target().get(0), size == null ? name : name + " (" + describe(size) + ")");
                }
            }
        }
        return List.copyOf(new LinkedHashSet<>(byItem.values()));
    }

    private static String describe(ContainerSizes.Size size) {
        if (size instanceof ContainerSizes.Known k) {
            return k.files() + (k.files() == 1 ? " file" : " files")
                    + (k.folders() > 0 ? " in " + k.folders() + (k.folders() == 1 ? " folder" : " folders") : "");
        }
        return "size unknown: " + ((ContainerSizes.Unknown) size).why();
    }

    /** The entry's name in DocSpace's action text ({@link ActionText#entryName}), cut to a readable length. */
    static String nameIn(String action) {
        String name = ActionText.entryName(action);
        return name == null || name.length() <= 120 ? name : name.substring(0, 119) + "…";
    }
}
