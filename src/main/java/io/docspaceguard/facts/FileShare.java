package io.docspaceguard.facts;

/** A file or folder opened to others: an external link created or changed, access granted. */
public record FileShare(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return SHARE;
    }
}
