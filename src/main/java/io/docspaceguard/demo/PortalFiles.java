package io.docspaceguard.demo;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The simulated portal's folders, rooms and files, with DocSpace's rules for reading them (docspace-api.md §12,
 * checked in DocSpace-server's FileSecurity): an item in a user's trash is readable by that user only, admins
 * included (403), and a file's history is never readable in any trash (403); an item deleted for good answers 404
 * on info and 403 on history. Versions are kept newest last; a rename changes the current version's title in
 * place, as DocSpace does. Not thread-safe: {@link PortalModel} serializes access.
 */
public final class PortalFiles {
    /** DocSpace's FolderType of a file's root: its trash, or a room. */
    static final int ROOT_TRASH = 3;
    static final int ROOT_ROOMS = 14;

    /**
     * A folder or room as {@code GET files/folder/{id}} and {@code files/rooms/{id}} describe it: files and folders
     * in its whole subtree. {@code trashOf} is the user whose trash holds it (only they may read it), or null.
     */
    public record Container(String id, String title, int filesCount, int foldersCount, String trashOf) {
    }

    /**
     * One version of a file: its number, the title it had, who made it and when, and its content (a label the
     * fakes compare: a restore copies an older version's content into a new version).
     */
    public record Version(int version, String title, String updatedBy, Instant updated, String content) {
    }

    /** One write the portal took: a restored version or a rename, for tests that count writes per file. */
    public record Write(String fileId, String kind, Instant at) {
    }

    /** A file: where it lives, its versions (oldest first), whose trash holds it, and whether it is locked. */
    public static final class PortalFile {
        final String id;
        final String folderId;
        final String createdBy;
        final Instant created;
        final List<Version> versions = new ArrayList<>();
        String trashOf;
        boolean locked;
        boolean editing;

        PortalFile(String id, String folderId, String createdBy, Instant created) {
            this.id = id;
            this.folderId = folderId;
            this.createdBy = createdBy;
            this.created = created;
        }

        public Version current() {
            return versions.get(versions.size() - 1);
        }

        public List<Version> versions() {
            return versions;
        }

        public String trashOf() {
            return trashOf;
        }
    }

    /** What an endpoint answers: a DTO, or a status with DocSpace's message and exception type. */
    record Reply(int status, Object body, String message, String type) {
        static Reply ok(Object body) {
            return new Reply(200, body, null, null);
        }

        static Reply refused(int status, String message, String type) {
            return new Reply(status, null, message, type);
        }
    }

    private static final Reply NO_FOLDER = Reply.refused(404, "The required folder was not found",
            "ASC.Common.Web.ItemNotFoundException");
    private static final Reply NO_FILE = Reply.refused(404, "The required file was not found",
            "ASC.Common.Web.ItemNotFoundException");
    private static final Reply NO_READ = Reply.refused(403, "You don't have enough permission to view the file",
            "System.InvalidOperationException");
    private static final Reply NO_HISTORY = Reply.refused(403, "You don't have enough permission to view the "
            + "file history", "System.InvalidOperationException");

    private final Map<String, Container> containers = new HashMap<>();
    private final List<Write> writes = new ArrayList<>();
    private final Map<String, PortalFile> files = new LinkedHashMap<>();
    private final ZoneId zone;

    PortalFiles(ZoneId zone) {
        this.zone = zone;
    }

    void addContainer(Container container) {
        containers.put(container.id(), container);
    }

    void removeContainer(String id) {
        containers.remove(id);
    }

    /** A new file with its first version. */
    public void addFile(String id, String folderId, String title, String by, Instant at) {
        PortalFile file = new PortalFile(id, folderId, by, at);
        file.versions.add(new Version(1, title, by, at, "content of " + title + " by " + by));
        files.put(id, file);
    }

    /** A new version with new content, as a save or an upload with overwriting makes it. */
    public void overwrite(String id, String by, Instant at) {
        PortalFile file = existing(id);
        file.versions.add(new Version(file.current().version() + 1, file.current().title(), by, at,
                "content of " + file.current().title() + " by " + by + " at " + at));
    }

    /** A rename: the current version's title changes in place (DocSpace keeps the old versions' titles). */
    public void rename(String id, String title, String by, Instant at) {
        PortalFile file = existing(id);
        Version current = file.versions.remove(file.versions.size() - 1);
        file.versions.add(new Version(current.version(), title, by, at, current.content()));
    }

    /**
     * {@code POST files/file/{id}/restoreversion?version=N}: a new version with version N's content and the current
     * title. Refused as DocSpace does: in a trash (403, no EditHistory right), locked or being edited (500), the
     * current version or none (400), gone (404).
     */
    Reply restoreVersion(String id, int version, String by, Instant at) {
        PortalFile file = files.get(id);
        if (file == null) {
            return NO_FILE;
        }
        if (file.trashOf != null) {
            return Reply.refused(403, "Access denied", "System.Security.SecurityException");
        }
        if (file.locked) {
            return Reply.refused(500, "The file is locked", "System.Exception");
        }
        if (file.editing) {
            return Reply.refused(500, "You cannot update a file that is being edited", "System.Exception");
        }
        Version old = file.versions.stream().filter(v -> v.version() == version).findFirst().orElse(null);
        if (old == null || version == file.current().version()) {
            return Reply.refused(400, "The new version cannot be the same as the current one or missing",
                    "System.ArgumentException");
        }
        file.versions.add(new Version(file.current().version() + 1, file.current().title(), by, at, old.content()));
        writes.add(new Write(id, "restore", at));
        List<Object> history = new ArrayList<>();
        for (Version v : file.versions) {
            history.add(Map.of("id", file.id, "version", v.version(), "created", PortalJson.date(v.updated(), zone)));
        }
        return Reply.ok(history);
    }

    /**
     * {@code PUT files/file/{id}} with a title: renames the current version in place, keeping the old extension when
     * the new title lacks it (as EntryManager.FileRenameAsync does). Refused in a trash or when locked (500).
     */
    Reply renameByApi(String id, String title, String by, Instant at, Function<String, PortalJson.EmployeeDto> people) {
        PortalFile file = files.get(id);
        if (file == null) {
            return NO_FILE;
        }
        if (file.trashOf != null || file.locked) {
            return Reply.refused(500, file.locked ? "The file is locked" : "You cannot rename an item in the trash",
                    "System.Exception");
        }
        String oldExtension = extension(file.current().title());
        String newTitle = extension(title).equalsIgnoreCase(oldExtension) ? title : title + oldExtension;
        rename(id, newTitle, by, at);
        writes.add(new Write(id, "rename", at));
        return Reply.ok(dto(file, file.current(), people));
    }

    /** Every write the portal took, in order. */
    public List<Write> writes() {
        return List.copyOf(writes);
    }

    private static String extension(String title) {
        int dot = title.lastIndexOf('.');
        return dot < 0 ? "" : title.substring(dot);
    }

    /** Moves a file to the trash of the user who deletes it (5017). */
    public void trash(String id, String by) {
        existing(id).trashOf = by;
    }

    /** Deletes a file for good (5018, or the trash emptied). */
    public void delete(String id) {
        files.remove(id);
    }

    public void lock(String id, boolean locked) {
        existing(id).locked = locked;
    }

    public void edit(String id, boolean editing) {
        existing(id).editing = editing;
    }

    public Optional<PortalFile> file(String id) {
        return Optional.ofNullable(files.get(id));
    }

    /** FolderDto of one folder or room. */
    Reply container(String callerId, String id) {
        Container c = containers.get(id);
        if (c == null) {
            return NO_FOLDER;
        }
        if (c.trashOf() != null && !c.trashOf().equals(callerId)) {
            return Reply.refused(403, "You don't have enough permission to view the folder content",
                    "System.InvalidOperationException");
        }
        Map<String, Object> dto = new LinkedHashMap<>();
        dto.put("id", c.id());
        dto.put("title", c.title());
        dto.put("filesCount", c.filesCount());
        dto.put("foldersCount", c.foldersCount());
        return Reply.ok(dto);
    }

    /** FileDto of a file's current version ({@code GET files/file/{id}}). */
    Reply info(String callerId, String id, Function<String, PortalJson.EmployeeDto> people) {
        PortalFile file = files.get(id);
        if (file == null) {
            return NO_FILE;
        }
        if (file.trashOf != null && !file.trashOf.equals(callerId)) {
            return NO_READ;
        }
        return Reply.ok(dto(file, file.current(), people));
    }

    /** FileDto of every version, newest first ({@code GET files/file/{id}/history}); never in a trash. */
    Reply history(String id, Function<String, PortalJson.EmployeeDto> people) {
        PortalFile file = files.get(id);
        if (file == null || file.trashOf != null) {
            return NO_HISTORY;
        }
        List<Object> versions = new ArrayList<>();
        for (int i = file.versions.size() - 1; i >= 0; i--) {
            versions.add(dto(file, file.versions.get(i), people));
        }
        return Reply.ok(versions);
    }

    private Map<String, Object> dto(PortalFile file, Version version, Function<String, PortalJson.EmployeeDto> people) {
        Map<String, Object> dto = new LinkedHashMap<>();
        dto.put("id", file.id);
        dto.put("title", version.title());
        dto.put("version", version.version());
        dto.put("versionGroup", version.version());
        dto.put("folderId", file.folderId);
        dto.put("rootFolderType", file.trashOf != null ? ROOT_TRASH : ROOT_ROOMS);
        dto.put("created", PortalJson.date(file.created, zone));
        dto.put("createdBy", people.apply(file.createdBy));
        dto.put("updated", PortalJson.date(version.updated(), zone));
        dto.put("updatedBy", people.apply(version.updatedBy()));
        dto.put("fileStatus", file.editing ? 1 : 0);
        if (file.locked) {
            dto.put("locked", true);
        }
        return dto;
    }

    private PortalFile existing(String id) {
        PortalFile file = files.get(id);
        if (file == null) {
            throw new IllegalArgumentException("no file " + id);
        }
        return file;
    }
}
