package io.docspaceguard.docspace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names inside DocSpace's action text ({@code action}). Its template is localized, the names in it are not:
 * they stand in square brackets ({@code Files [a.docx]. Moved To Trash Folder}) and after the last {@code ": "}
 * ({@code File Uploaded: a.docx}).
 */
public final class ActionText {
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\[\\]]+)]");

    private ActionText() {
    }

    /** The names, bracketed ones first, then the one after the last ": "; unquoted, without a path, each once. */
    public static List<String> names(String action) {
        List<String> names = new ArrayList<>();
        Matcher m = BRACKETED.matcher(action);
        while (m.find()) {
            add(names, m.group(1));
        }
        int colon = action.lastIndexOf(": ");
        if (colon >= 0) {
            add(names, action.substring(colon + 2));
        }
        return names;
    }

    /**
     * The name of the entry acted on: the first bracketed one, except in "Users [Anna]. File Updated: q2.xlsx",
     * where the bracket holds the user and the file comes after the colon; null when the text names nothing.
     */
    public static String entryName(String action) {
        List<String> names = names(action);
        if (names.isEmpty()) {
            return null;
        }
        return action.startsWith("Users [") ? names.get(names.size() - 1) : names.get(0);
    }

    private static void add(List<String> names, String raw) {
        String name = raw.strip();
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        if (!name.isEmpty() && !names.contains(name)) {
            names.add(name);
        }
    }
}
