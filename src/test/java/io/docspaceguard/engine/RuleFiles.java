package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Edits rule files as an operator would, for tests. */
final class RuleFiles {
    private RuleFiles() {
    }

    /**
     * Changes the threshold of bulk-file-changes.drl from {@code from} to {@code to}. The number stands
     * once in the file, wherever the rule keeps it; finding it other than once fails the test.
     */
    static void setBulkThreshold(Path rulesDir, int from, int to) throws IOException {
        Path file = rulesDir.resolve("bulk-file-changes.drl");
        String text = Files.readString(file);
        Matcher matcher = Pattern.compile("\\b" + from + "\\b").matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        assertEquals(1, found, "the threshold " + from + " should stand once in " + file);
        Files.writeString(file, text.replaceFirst("\\b" + from + "\\b", Integer.toString(to)));
    }
}
