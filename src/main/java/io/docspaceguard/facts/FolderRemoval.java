package io.docspaceguard.facts;

/** A folder moved to trash or deleted, with everything in it: {@code fileId} is the folder's id. */
public record FolderRemoval(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return FOLDER_REMOVAL;
    }
}
