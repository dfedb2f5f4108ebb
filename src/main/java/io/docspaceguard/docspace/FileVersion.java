package io.docspaceguard.docspace;

import java.time.Instant;

/**
 * One version of a file as DocSpace's FileDto describes it ({@code files/file/{id}} for the current one,
 * {@code files/file/{id}/history} for all). {@code updatedBy}/{@code updated} say who made the version and when
 * (a restore or a rename stamps them too); {@code created}/{@code createdBy} are the file's creation, repeated on
 * every version.
 *
 * @param rootFolderType DocSpace's FolderType of the file's root: 3 when it lies in a trash
 * @param locked         locked against changes: DocSpace refuses to restore or rename it
 * @param editing        open in the editor right now (fileStatus IsEditing): a restore would be refused
 */
public record FileVersion(String fileId, int version, String title, String updatedBy, Instant updated,
                          String createdBy, Instant created, String folderId, int rootFolderType, boolean locked,
                          boolean editing) {
    public static final int ROOT_TRASH = 3;

    public boolean inTrash() {
        return rootFolderType == ROOT_TRASH;
    }
}
