package io.docspaceguard.recovery;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.docspace.FileVersion;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, file by file, how to undo what an incident's account did, from DocSpace's own records and without
 * writing anything (docspace-api.md §12, checked in DocSpace-server):
 * <ul>
 *   <li>content overwritten → restore the last version from before the incident's first event that the incident's
 *       account did not write ({@code history}, then {@code restoreversion?version=N});</li>
 *   <li>renamed → rename back to the title that version had (a restore keeps the current title);</li>
 *   <li>never clobber later honest work: a version another account made after the incident's last event, a locked
 *       file or one open in the editor is skipped;</li>
 *   <li>what DocSpace lets no tool recover is reported, not attempted: a file deleted for good, one in a user's own
 *       trash (only that user may read or move it, admins included), one with no earlier version by another
 *       account (its versions were removed, or the account created it).</li>
 * </ul>
 */
public final class RecoveryPlanner {
    private static final Logger log = LoggerFactory.getLogger(RecoveryPlanner.class);
    static final String DELETED = "deleted for good: DocSpace keeps nothing to restore";
    static final String IN_TRASH = "in the account's own trash: only that user can restore it";
    static final String NO_ACCESS = "the service's account may not read it";
    static final String LOCKED = "locked: DocSpace refuses to change it until it is unlocked";
    static final String EDITING = "open in the editor: restoring now would fight the editing session";
    static final String LATER_WORK = "changed by another account after the incident: its work is kept";
    static final String NO_EARLIER = "no version from before the incident by another account (removed, or the "
            + "account created the file)";
    static final String UNCHANGED = "unchanged since before the incident";
    static final String RECOVERED = "already recovered: the service restored it after the incident";
    static final String RENAMED_IN_PLACE = "renamed without a new version: DocSpace keeps no earlier title for it "
            + "(rename it back by hand)";
    static final String LOOKUP_FAILED = "DocSpace did not answer; plan again later";
    private static final int TRASHED = 5017;
    /**
     * Actions that write a file's content: saves, uploads over it, imports, conversions, restores, copies and moves
     * over it. A rename also stamps the current version with the renamer, so only these say the account wrote it.
     */
    private static final Set<Integer> CONTENT_WRITES = Set.of(5002, 5011, 5012, 5014, 5016, 5034, 5035, 5044, 5099,
            5201, 5203);

    private final DocSpaceClient docSpace;
    private final int concurrency;
    private final Predicate<String> serviceAccount;

    /** Reads one file at a time; knows no service account. */
    public RecoveryPlanner(DocSpaceClient docSpace) {
        this(docSpace, 1, id -> false);
    }

    /**
     * @param concurrency    files read at once (DocSpace allows 50 concurrent reads per user)
     * @param serviceAccount whether a user id is the service's own: its versions are earlier recoveries
     */
    public RecoveryPlanner(DocSpaceClient docSpace, int concurrency, Predicate<String> serviceAccount) {
        this.docSpace = docSpace;
        this.concurrency = concurrency;
        this.serviceAccount = serviceAccount;
    }

    public RecoveryPlan plan(IncidentDetail detail) {
        Incident incident = detail.incident();
        Set<String> trashedByAccount = new HashSet<>();
        Set<String> writtenByAccount = new HashSet<>();
        for (AuditEntry event : detail.events()) {
            if (event.userId().equals(incident.userId()) && !event.target().isEmpty()) {
                if (event.actionId() == TRASHED) {
                    trashedByAccount.add(event.target().get(0));
                }
                if (CONTENT_WRITES.contains(event.actionId())) {
                    writtenByAccount.add(event.target().get(0));
                }
            }
        }
        List<RecoveryItem> items = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "recovery-plan");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<RecoveryItem>> planned = new ArrayList<>();
            for (String fileId : detail.fileIds()) {
                planned.add(readers.submit(() -> planFile(fileId, incident, trashedByAccount.contains(fileId),
                        writtenByAccount.contains(fileId))));
            }
            for (Future<RecoveryItem> item : planned) {
                items.add(item.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("planning interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("planning failed: " + e.getCause(), e.getCause());
        } finally {
            readers.shutdownNow();
        }
        return RecoveryPlan.of(incident.id(), incident.userId(), incident.firstEventAt(), incident.lastEventAt(),
                items);
    }

    private RecoveryItem planFile(String fileId, Incident incident, boolean trashedByAccount, boolean wroteContent) {
        FileVersion current;
        List<FileVersion> history;
        try {
            current = docSpace.file(fileId);
            if (current.inTrash()) {
                return RecoveryItem.not(fileId, current.title(), RecoveryItem.CANNOT, IN_TRASH);
            }
            if (current.locked()) {
                return RecoveryItem.not(fileId, current.title(), RecoveryItem.SKIPPED, LOCKED);
            }
            if (current.editing()) {
                return RecoveryItem.not(fileId, current.title(), RecoveryItem.SKIPPED, EDITING);
            }
            history = docSpace.fileHistory(fileId);
        } catch (DocSpaceException e) {
            return switch (e.status()) {
                case 404 -> RecoveryItem.not(fileId, null, RecoveryItem.CANNOT, DELETED);
                case 403 -> RecoveryItem.not(fileId, null, RecoveryItem.CANNOT, trashedByAccount ? IN_TRASH : NO_ACCESS);
                default -> {
                    log.warn("recovery plan: file={} lookup failed status={} cause={}", fileId, e.status(),
                            e.getMessage());
                    yield RecoveryItem.not(fileId, null, RecoveryItem.SKIPPED, LOOKUP_FAILED);
                }
            };
        }
        return decide(fileId, incident, current, history, wroteContent, serviceAccount);
    }

    /**
     * The decision from the file's history (newest first), given its current version and whether the incident's
     * events show the account writing the file's content (not only renaming, moving or trashing it).
     */
    static RecoveryItem decide(String fileId, Incident incident, FileVersion current, List<FileVersion> history,
                               boolean wroteContent, Predicate<String> serviceAccount) {
        String account = incident.userId();
        Instant since = incident.firstEventAt();
        Instant until = incident.lastEventAt();
        boolean recovered = false;
        for (FileVersion version : history) {
            if (version.updated().isAfter(until) && !account.equals(version.updatedBy())) {
                if (!serviceAccount.test(version.updatedBy())) {
                    return RecoveryItem.not(fileId, current.title(), RecoveryItem.SKIPPED, LATER_WORK);
                }
                recovered = true;
            }
        }
        if (recovered) {
            return RecoveryItem.not(fileId, current.title(), RecoveryItem.UNCHANGED, RECOVERED);
        }
        FileVersion before = history.stream()
                .filter(v -> v.updated().isBefore(since) && v.updatedBy() != null && !account.equals(v.updatedBy()))
                .findFirst().orElse(null);
        if (before == null) {
            return firstVersionRenamedInPlace(fileId, incident, current, history);
        }
        // A rename stamps the current version with the renamer: without a content write it is not the account's.
        boolean content = wroteContent && current.version() > before.version();
        boolean title = !current.title().equals(before.title());
        if (!content && !title) {
            return RecoveryItem.not(fileId, current.title(), RecoveryItem.UNCHANGED, UNCHANGED);
        }
        String action = content && title ? "restore-and-rename" : content ? "restore" : "rename";
        String reason = (content ? "content changed since version " + before.version() : "")
                + (content && title ? "; " : "")
                + (title ? "renamed from '" + before.title() + "' (the title of version " + before.version() + ")" : "");
        return new RecoveryItem(fileId, current.title(), action, content ? before.version() : null,
                title ? before.title() : null, RecoveryItem.PLANNED, reason, current.version());
    }

    /**
     * A rename changes the current version in place, stamping it with the renamer: version 1 of a file another
     * account created before the incident still holds the original content even when the incident's account
     * renamed it. Its content can come back; its earlier title is not in DocSpace's history.
     */
    private static RecoveryItem firstVersionRenamedInPlace(String fileId, Incident incident, FileVersion current,
                                                           List<FileVersion> history) {
        FileVersion first = history.isEmpty() ? null : history.get(history.size() - 1);
        boolean original = first != null && first.version() == 1 && first.created() != null
                && first.created().isBefore(incident.firstEventAt()) && first.createdBy() != null
                && !incident.userId().equals(first.createdBy());
        if (!original) {
            return RecoveryItem.not(fileId, current.title(), RecoveryItem.CANNOT, NO_EARLIER);
        }
        if (current.version() == 1) {
            return RecoveryItem.not(fileId, current.title(), RecoveryItem.CANNOT, RENAMED_IN_PLACE);
        }
        return new RecoveryItem(fileId, current.title(), "restore", 1, null, RecoveryItem.PLANNED,
                "content changed since version 1; " + RENAMED_IN_PLACE, current.version());
    }
}
