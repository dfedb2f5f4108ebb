package io.docspaceguard.facts;

/** A folder downloaded as an archive, with everything in it: {@code fileId} is the folder's id. */
public record FolderDownload(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return FOLDER_DOWNLOAD;
    }
}
