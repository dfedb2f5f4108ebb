package io.docspaceguard.facts;

/**
 * A file that arrived (created, uploaded, renamed, copied, moved) under a name on one of the name lists in
 * the rules folder, e.g. a known ransomware extension or a ransom note's file name.
 *
 * @param list  the list that matched: its file name without the suffix, e.g. {@code ransomware} for
 *              {@code ransomware.extensions}
 * @param match what matched, lower-case: the extension or the file name
 */
public record SuspiciousName(long eventId, long ts, String userId, String fileId, String list, String match)
        implements FileActivity {
    @Override
    public String kind() {
        return SUSPICIOUS_NAME;
    }
}
