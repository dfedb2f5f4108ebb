package io.docspaceguard.incident;

import java.util.Comparator;
import java.util.stream.Stream;
import org.jdbi.v3.sqlobject.config.RegisterArgumentFactory;
import org.jdbi.v3.sqlobject.config.RegisterColumnMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The counts kept beside the incidents, which the console reads ({@link IncidentQueries}) instead of counting the
 * incident table (migration V11): incidents per rule, severity, status and dismissal reason ({@code incident_count}),
 * and per user and name, a column per status ({@code incident_user_count}).
 * Only {@link IncidentDao} changes them, in the transaction that stores an incident or moves its status.
 */
@RegisterColumnMapper(IncidentDao.StatusMapper.class)
@RegisterColumnMapper(IncidentDao.DismissalReasonMapper.class)
@RegisterArgumentFactory(IncidentDao.StatusArgument.class)
@RegisterArgumentFactory(IncidentDao.DismissalReasonArgument.class)
public interface IncidentCountDao {

    /** What an incident is counted under: the columns of its counts that differ from one incident to another. */
    record Counted(String userId, String userName, String rule, String severity, IncidentStatus status,
                   DismissalReason dismissalReason) {
        /** A new incident as IncidentDao stores it: without a dismissal reason, which only a dismissal sets. */
        static Counted of(Incident incident) {
            return new Counted(incident.userId(), incident.userName(), incident.rule(), incident.severity(),
                    incident.status(), null);
        }

        Counted as(IncidentStatus newStatus, DismissalReason newReason) {
            return new Counted(userId, userName, rule, severity, newStatus, newReason);
        }

        /** The reason as the count's key holds it: '' for none. */
        public String reasonKey() {
            return dismissalReason == null ? "" : dismissalReason.wireName();
        }
    }

    /** A new incident. */
    default void add(Counted incident) {
        addToRules(incident, 1);
        addToUsers(incident, PerStatus.of(incident.status(), 1));
    }

    /**
     * An incident moved from one status (or dismissal reason) to another. Its two rule counts are changed in the order
     * of their statuses, whichever way the incident moved, so two moves lock them in the same order; its user's counts
     * are one row. Rule counts come before user counts in every change.
     */
    default void move(Counted from, Counted to) {
        Stream.of(from, to).sorted(Comparator.comparing(Counted::status).thenComparing(Counted::reasonKey))
                .forEach(c -> addToRules(c, c == from ? -1 : 1));
        addToUsers(from, PerStatus.of(from.status(), -1).plus(PerStatus.of(to.status(), 1)));
    }

    /** A count seen for the first time starts at 0. */
    private void addToRules(Counted incident, int delta) {
        if (!addToRuleCount(incident, delta)) {
            openRuleCount(incident);
            addToRuleCount(incident, delta);
        }
    }

    private void addToUsers(Counted incident, PerStatus delta) {
        if (!addToUserCount(incident.userId(), incident.userName(), delta)) {
            insertUserCount(incident.userId(), incident.userName(), delta);
        }
    }

    /** Incidents (or a change to them) per status, as a user's counts hold them: a column per status. */
    record PerStatus(int open, int disabled, int dismissed, int reenabled) {
        static PerStatus of(IncidentStatus status, int n) {
            return switch (status) {
                case OPEN -> new PerStatus(n, 0, 0, 0);
                case DISABLED -> new PerStatus(0, n, 0, 0);
                case DISMISSED -> new PerStatus(0, 0, n, 0);
                case REENABLED -> new PerStatus(0, 0, 0, n);
            };
        }

        PerStatus plus(PerStatus other) {
            return new PerStatus(open + other.open, disabled + other.disabled, dismissed + other.dismissed,
                    reenabled + other.reenabled);
        }
    }

    @SqlUpdate("""
            UPDATE incident_count SET n = n + :delta
            WHERE rule = :rule AND severity = :severity AND status = :status AND dismissal_reason = :reasonKey
            """)
    @AllowUnusedBindings
    boolean addToRuleCount(@BindMethods Counted incident, int delta);

    /** A writer that lost the race to insert the row waits for the winner and leaves it; its UPDATE then adds. */
    @SqlUpdate("""
            INSERT INTO incident_count (rule, severity, status, dismissal_reason, n)
            VALUES (:rule, :severity, :status, :reasonKey, 0)
            ON CONFLICT DO NOTHING
            """)
    @AllowUnusedBindings
    void openRuleCount(@BindMethods Counted incident);

    /** Adds to the first row of the user and name; false when there is none (see migration V11). */
    @SqlUpdate("""
            UPDATE incident_user_count
            SET n_open = n_open + :open, n_disabled = n_disabled + :disabled, n_dismissed = n_dismissed + :dismissed,
                n_reenabled = n_reenabled + :reenabled
            WHERE id = (SELECT min(id) FROM incident_user_count
                        WHERE user_id = :userId AND user_name IS NOT DISTINCT FROM :userName)
            """)
    boolean addToUserCount(String userId, String userName, @BindMethods PerStatus delta);

    @SqlUpdate("""
            INSERT INTO incident_user_count (user_id, user_name, n_open, n_disabled, n_dismissed, n_reenabled)
            VALUES (:userId, :userName, :open, :disabled, :dismissed, :reenabled)
            """)
    void insertUserCount(String userId, String userName, @BindMethods PerStatus delta);
}
