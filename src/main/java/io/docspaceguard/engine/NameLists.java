package io.docspaceguard.engine;

import io.docspaceguard.docspace.ActionText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The name lists kept beside the rules, one entry per line, {@code #} starts a comment, matched without
 * regard to case:
 * <ul>
 *   <li>{@code <list>.extensions}: file extensions, with or without the dot. A name matches when one of them is
 *       its last extension or the one before it, because DocSpace keeps a file's extension on rename
 *       ({@code q3.xlsx} renamed to {@code q3.xlsx.wncry} arrives as {@code q3.xlsx.wncry.xlsx}).</li>
 *   <li>{@code <list>.filenames}: whole file names; {@code *} stands for any run of characters.</li>
 * </ul>
 * File names are read from DocSpace's action text ({@link ActionText#names}).
 */
public final class NameLists {
    static final String EXTENSIONS = ".extensions";
    static final String FILENAMES = ".filenames";
    /** A list entry: printable, no separators that could never occur in one file name. */
    private static final Pattern ENTRY = Pattern.compile("[^\\s/\\\\]{1,200}");

    /** What matched an event's text: the list's name and the extension or file name, lower-case. */
    record Match(String list, String match) {
    }

    private final Map<String, Set<String>> extensions;
    /** Each list's globs joined into one pattern: every change is matched, one matcher per name is what it costs. */
    private final Map<String, Pattern> filenames;

    private NameLists(Map<String, Set<String>> extensions, Map<String, Pattern> filenames) {
        this.extensions = extensions;
        this.filenames = filenames;
    }

    static NameLists none() {
        return new NameLists(Map.of(), Map.of());
    }

    boolean isEmpty() {
        return extensions.isEmpty() && filenames.isEmpty();
    }

    /** Reads every list among the rule files; a line that cannot be an entry is an error with its place. */
    static NameLists of(Map<String, String> files) throws RuleLoadException {
        Map<String, Set<String>> extensions = new HashMap<>();
        Map<String, List<String>> globs = new HashMap<>();
        List<RuleError> errors = new ArrayList<>();
        files.forEach((file, text) -> {
            boolean isExtensions = file.endsWith(EXTENSIONS);
            if (!isExtensions && !file.endsWith(FILENAMES)) {
                return;
            }
            String list = file.substring(0, file.lastIndexOf('.'));
            for (ListFile.Entry line : ListFile.entries(text)) {
                String entry = line.value();
                if (!ENTRY.matcher(entry).matches()) {
                    errors.add(new RuleError(file, line.line(), "'" + entry + "' is not one name (no spaces or "
                            + "slashes)"));
                } else if (isExtensions) {
                    extensions.computeIfAbsent(list, l -> new HashSet<>()).add(entry.startsWith(".")
                            ? entry.substring(1) : entry);
                } else {
                    globs.computeIfAbsent(list, l -> new ArrayList<>()).add(glob(entry));
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        Map<String, Pattern> filenames = new HashMap<>();
        globs.forEach((list, regexes) -> filenames.put(list, Pattern.compile(String.join("|", regexes))));
        return new NameLists(Map.copyOf(extensions), Map.copyOf(filenames));
    }

    /** The lists (e.g. {@code ransomware}) a file name matches, each once; empty when none does. */
    public List<String> listsMatching(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return List.of();
        }
        // The name in brackets reads as one name whatever it holds.
        return matches("[" + fileName.replace('[', '(').replace(']', ')') + "]").stream().map(Match::list)
                .distinct().toList();
    }

    /** The list entries the file names in a DocSpace action text match; empty when none do. */
    List<Match> matches(String actionText) {
        if (actionText == null || isEmpty()) {
            return List.of();
        }
        List<Match> found = new ArrayList<>();
        for (String name : ActionText.names(actionText)) {
            String lower = name.toLowerCase(Locale.ROOT);
            String[] parts = lower.split("\\.", -1);
            extensions.forEach((list, set) -> {
                for (int i = Math.max(1, parts.length - 2); i < parts.length; i++) {
                    if (set.contains(parts[i])) {
                        found.add(new Match(list, parts[i]));
                        return;
                    }
                }
            });
            filenames.forEach((list, pattern) -> {
                if (pattern.matcher(lower).matches()) {
                    found.add(new Match(list, lower));
                }
            });
        }
        return found;
    }

    /** A glob as a regular expression of its own group, to be joined with the list's others by {@code |}. */
    private static String glob(String entry) {
        List<String> parts = new ArrayList<>();
        for (String part : entry.split("\\*", -1)) {
            parts.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return "(?:" + String.join(".*", parts) + ")";
    }
}
