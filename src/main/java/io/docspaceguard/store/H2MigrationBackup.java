package io.docspaceguard.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.h2.tools.Restore;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes migrating an embedded H2 file database crash-safe. H2 commits each DDL statement on its own, so a
 * process killed in the middle of a migration leaves it half applied and unrecorded, and every later start
 * fails ("Table ... already exists"). Before migrating, the database is backed up next to its file; the
 * backup is deleted once the migration is done. A start that finds a backup knows the last migration was
 * interrupted and restores the database from it before migrating again.
 */
final class H2MigrationBackup {
    private static final Logger log = LoggerFactory.getLogger(H2MigrationBackup.class);
    private static final String MV_SUFFIX = ".mv.db";

    private final Path database;
    private final Path backup;

    private H2MigrationBackup(Path base) {
        this.database = Path.of(base + MV_SUFFIX);
        this.backup = Path.of(base + ".migration-backup.zip");
    }

    /** For an embedded H2 file database; empty for in-memory, server-mode and non-H2 URLs. */
    static Optional<H2MigrationBackup> of(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String location = jdbcUrl.substring("jdbc:h2:".length());
        int options = location.indexOf(';');
        if (options >= 0) {
            location = location.substring(0, options);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.matches("^[a-z]+:.*") && !location.matches("^[A-Za-z]:[\\\\/].*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, ... (a Windows drive letter is a file)
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.of(new H2MigrationBackup(Path.of(location).toAbsolutePath().normalize()));
    }

    /**
     * Restores the database from the backup of an interrupted migration, if there is one. Runs before
     * anything opens the database.
     */
    void restoreIfInterrupted() {
        if (!Files.exists(backup)) {
            return;
        }
        refuseIfOpenElsewhere();
        try {
            Files.deleteIfExists(database);
            Restore.execute(backup.toString(), database.getParent().toString(), null);
        } catch (IOException | RuntimeException e) {
            throw new DatabaseException("the last migration of " + database + " was interrupted and restoring it "
                    + "from " + backup + " failed (" + e.getMessage() + "); restore that file with H2's Restore "
                    + "tool or move both files away to start afresh", e);
        }
        log.warn("the last migration of {} was interrupted; restored the database from {}", database, backup);
    }

    /** Backs up the open database before migrating it; the backup appears whole or not at all. */
    void backUp(Jdbi jdbi) {
        Path partial = Path.of(backup + ".partial");
        try {
            Files.deleteIfExists(partial);
            jdbi.useHandle(h -> h.execute("BACKUP TO '" + partial.toString().replace("'", "''") + "'"));
            Files.move(partial, backup, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            throw new DatabaseException("cannot back up " + database + " before migrating it: " + e.getMessage(), e);
        }
    }

    /** The migration is done: the backup is no longer needed. */
    void discard() {
        try {
            Files.deleteIfExists(backup);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}; delete it by hand before the next start", backup, e.getMessage());
        }
    }

    /** H2 locks the file of an open database; another process holding it must not have its file replaced. */
    private void refuseIfOpenElsewhere() {
        if (!Files.exists(database)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new DatabaseException(database + " is open in another process; stop it before starting "
                        + "this one", null);
            }
        } catch (OverlappingFileLockException e) {
            throw new DatabaseException(database + " is already open in this process", e);
        } catch (IOException e) {
            throw new DatabaseException("cannot check whether " + database + " is in use: " + e.getMessage(), e);
        }
    }
}
