package io.docspaceguard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lists kept beside the rules (name lists, allowlists): one entry per line, {@code #} starts a comment, case
 * does not matter. Each entry keeps its line number, so that an error can point at it.
 */
final class ListFile {
    record Entry(int line, String value) {
    }

    private ListFile() {
    }

    /** The non-empty entries, lower-case, comments and surrounding spaces removed. */
    static List<Entry> entries(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String value = lines[i].replaceFirst("#.*", "").strip().toLowerCase(Locale.ROOT);
            if (!value.isEmpty()) {
                entries.add(new Entry(i + 1, value));
            }
        }
        return entries;
    }
}
