package io.docspaceguard.docspace;

import java.time.Instant;
import java.util.List;

/** A DocSpace client that answers nothing: test stubs extend it and override the calls they serve. */
public class UnsupportedDocSpace implements DocSpaceClient {
    @Override
    public AuditPage auditEvents(Instant from, Instant to, int startIndex, int count) {
        throw new UnsupportedOperationException("auditEvents");
    }

    @Override
    public Person self() {
        throw new UnsupportedOperationException("self");
    }

    @Override
    public Person person(String userId) {
        throw new UnsupportedOperationException("person");
    }

    @Override
    public ContainerSize folderSize(String folderId) {
        throw new UnsupportedOperationException("folderSize");
    }

    @Override
    public ContainerSize roomSize(String roomId) {
        throw new UnsupportedOperationException("roomSize");
    }

    @Override
    public FileVersion file(String fileId) {
        throw new UnsupportedOperationException("file");
    }

    @Override
    public List<FileVersion> fileHistory(String fileId) {
        throw new UnsupportedOperationException("fileHistory");
    }

    @Override
    public void restoreVersion(String fileId, int version) {
        throw new UnsupportedOperationException("restoreVersion");
    }

    @Override
    public void renameFile(String fileId, String title) {
        throw new UnsupportedOperationException("renameFile");
    }

    @Override
    public Person setStatus(String userId, int status) {
        throw new UnsupportedOperationException("setStatus");
    }
}
