package io.docspaceguard.facts;

/** A room deleted or archived, with everything in it: {@code fileId} is the room's id. */
public record RoomRemoval(long eventId, long ts, String userId, String fileId) implements FileActivity {
    @Override
    public String kind() {
        return ROOM_REMOVAL;
    }
}
