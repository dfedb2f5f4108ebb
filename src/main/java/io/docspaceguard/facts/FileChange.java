package io.docspaceguard.facts;

/** A file's content or identity changed (saved, uploaded, renamed, moved, trashed...). */
public record FileChange(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return CHANGE;
    }
}
