package io.docspaceguard.docspace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which webhook triggers the rules have a counterpart for, and the audit action each becomes. A pushed activity
 * enters the rules as an audit event with that MessageAction id, so the classification rules, not this class,
 * decide its kind (file.updated → 5002 → change), exactly as for the audit row DocSpace writes for the same action.
 *
 * <p>Read from DocSpace-server (FileStorageService, FileDeleteOperation, FileDownloadOperation, upload handlers):
 * file.updated fires for saves, renames, version restores, but also for locks, comments, index and owner changes,
 * so a pushed file.updated counts as a change until the audit row says what it was. Left out on purpose:
 * file.copied and file.moved (their payload may name the file by another id than the audit row, which would
 * count one file twice), file.restored and the other folder triggers (no rule counts them).
 */
public final class WebhookTriggers {
    /** How far apart a pushed activity and the audit row of the same action may be dated. */
    public static final Duration TOLERANCE = Duration.ofMinutes(2);

    private static final int FILE = 1;
    private static final int FOLDER = 2;

    /**
     * @param bit          the trigger's bit in DocSpace's webhook trigger mask
     * @param actionId     the MessageAction a pushed activity is evaluated as
     * @param auditActions the audit actions DocSpace writes when it fires this trigger: a row of one of these
     *                     for the same user and item, close in time, is the same action seen by the audit poll
     */
    public record Counterpart(String trigger, long bit, int actionId, int entryType, Set<Integer> auditActions) {
    }

    private static final List<Counterpart> ALL = List.of(
            new Counterpart("file.created", 1L << 7, 5000, FILE, Set.of(5000, 5011, 5099)),
            new Counterpart("file.uploaded", 1L << 8, 5011, FILE, Set.of(5011, 5099, 5000)),
            new Counterpart("file.updated", 1L << 9, 5002, FILE,
                    Set.of(5001, 5002, 5005, 5006, 5007, 5034, 5043, 5044, 5111, 5119, 6046)),
            new Counterpart("file.trashed", 1L << 10, 5017, FILE, Set.of(5017)),
            new Counterpart("file.deleted", 1L << 11, 5018, FILE, Set.of(5018)),
            new Counterpart("folder.trashed", 1L << 17, 5026, FOLDER, Set.of(5026)),
            new Counterpart("folder.deleted", 1L << 18, 5027, FOLDER, Set.of(5027)),
            new Counterpart("file.downloaded", 1L << 34, 5009, FILE, Set.of(5009, 5010, 5062)),
            new Counterpart("folder.downloaded", 1L << 35, 5057, FOLDER, Set.of(5057)));

    private static final Map<String, Counterpart> BY_TRIGGER =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Counterpart::trigger, Function.identity()));
    private static final Map<Integer, Counterpart> BY_ACTION =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Counterpart::actionId, Function.identity()));

    private WebhookTriggers() {
    }

    /** The counterpart of a trigger name, or empty for a trigger the rules do not use. */
    public static Optional<Counterpart> of(String trigger) {
        return Optional.ofNullable(BY_TRIGGER.get(trigger));
    }

    /** The triggers to register the webhook with, as DocSpace's bit mask. */
    public static long mask() {
        return ALL.stream().mapToLong(Counterpart::bit).reduce(0, (a, b) -> a | b);
    }

    public static List<String> names() {
        return ALL.stream().map(Counterpart::trigger).toList();
    }

    /**
     * The delivery as the audit event the rules evaluate: its id is the delivery's negated, so it can never be
     * taken for one of DocSpace's audit ids (all positive), and its text names the trigger and the item's title.
     */
    public static AuditEntry toEntry(WebhookDelivery delivery, Counterpart counterpart) {
        String action = counterpart.trigger() + " (webhook)" + (delivery.title() == null ? "" : ": " + delivery.title());
        return new AuditEntry(-delivery.id(), delivery.at(), delivery.userId(), null, counterpart.actionId(), action,
                List.of(counterpart.entryType()), List.of(delivery.itemId()), delivery.raw());
    }

    /**
     * Whether the audit row reports the action of the pushed activity: same user, same item of the same entry
     * type, an audit action the trigger fires for, dated within {@link #TOLERANCE}.
     */
    public static boolean covers(AuditEntry audit, AuditEntry pushed) {
        Counterpart counterpart = BY_ACTION.get(pushed.actionId());
        return counterpart != null
                && counterpart.auditActions().contains(audit.actionId())
                && audit.userId().equals(pushed.userId())
                && firstOf(audit.entries()).equals(firstOf(pushed.entries()))
                && firstOf(audit.target()).equals(firstOf(pushed.target()))
                && Duration.between(audit.at(), pushed.at()).abs().compareTo(TOLERANCE) <= 0;
    }

    private static Object firstOf(List<?> list) {
        return list.isEmpty() ? "" : list.get(0);
    }
}
