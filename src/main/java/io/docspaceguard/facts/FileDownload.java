package io.docspaceguard.facts;

/** A file downloaded. */
public record FileDownload(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return DOWNLOAD;
    }
}
