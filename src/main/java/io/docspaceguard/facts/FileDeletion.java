package io.docspaceguard.facts;

/** A file moved to trash or deleted for good. */
public record FileDeletion(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return DELETION;
    }
}
