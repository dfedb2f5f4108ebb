package io.docspaceguard.facts;

/** A user's trash emptied: what was in it is gone for good. {@code fileId} is the trash folder's id. */
public record TrashEmptied(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return TRASH_EMPTIED;
    }
}
