package io.docspaceguard.facts;

/** Versions of a file deleted: the history a recovery would restore from is gone. */
public record VersionDeletion(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return VERSION_DELETION;
    }
}
