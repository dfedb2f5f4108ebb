package io.docspaceguard.incident;

import io.docspaceguard.store.Where;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.RegisterArgumentFactory;
import org.jdbi.v3.sqlobject.config.RegisterColumnMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The console's reads of incidents: a page of a list, and the counts beside it, most of them from the counts kept
 * beside the incidents ({@link IncidentCountDao}). Kept apart from {@link IncidentDao}, which writes, because Jdbi
 * builds a handler for every method of a DAO each time one is attached, and the routes that list and count incidents,
 * most of the API's requests, need only these.
 */
@RegisterRowMapper(IncidentRowMapper.class)
@RegisterColumnMapper(IncidentDao.StatusMapper.class)
@RegisterColumnMapper(IncidentDao.DismissalReasonMapper.class)
@RegisterArgumentFactory(IncidentDao.StatusArgument.class)
@RegisterArgumentFactory(IncidentDao.DismissalReasonArgument.class)
public interface IncidentQueries {

    /** One page, newest first; ask for one more than the page size to learn whether another page exists. */
    @SqlQuery("""
            SELECT id, user_id, user_name, rule, severity, status, file_count, first_event_at, last_event_at,
                   created_at, updated_at, rules_version, auto_disable, disabled_by, disabled_at, confirmed_by,
                   confirmed_at, account_status, threshold, window_millis, reason, suppressed_by, alerted_at, container_files,
                   dismissal_reason, assignee
            FROM incident
            <where>
            ORDER BY id DESC
            LIMIT :fetch
            """)
    @AllowUnusedBindings
    List<Incident> list(@Define("where") String where, @BindMethods IncidentFilter filter,
                        @BindMap Map<String, Object> users, @Bind("fetch") int fetch);

    /** Up to {@code fetch} incidents matching {@code filter}, newest first, each filter on its own index. */
    default List<Incident> list(IncidentFilter filter, int fetch) {
        if (filter.userName() == null) {
            return list(where(filter, null).toString(), filter, Map.of(), fetch);
        }
        UserMatches users = users(filter);
        return users.none() ? List.of() : list(where(filter, users).toString(), filter, users.binds(), fetch);
    }

    /** The users the filter's name search matches. */
    private UserMatches users(IncidentFilter filter) {
        return UserMatches.of(usersNamed(filter.userNamePattern(), UserMatches.MAX_LISTED + 1));
    }

    /**
     * The filter's terms; {@code users} is null without a name search. A name is matched anywhere in
     * lower(user_name), which no index serves on both databases (H2 has no expression or trigram indexes): the users
     * with a matching name are looked up among the kept users' names and their incidents read by user, see
     * {@link UserMatches}.
     */
    private static Where where(IncidentFilter filter, UserMatches users) {
        return new Where()
                .when(filter.status(), "status = :status")
                .when(filter.userId(), "user_id = :userId")
                .when(filter.rule(), "rule = :rule")
                .when(filter.severity(), "severity = :severity")
                .when(filter.dismissalReason(), "dismissal_reason = :dismissalReason")
                .when(filter.assignee(), "assignee = :assignee")
                .when(users, users == null ? null : users.term())
                .when(filter.since(), "created_at >= :since")
                .when(filter.until(), "created_at < :until")
                .when(filter.cursor(), "id < :cursor");
    }

    /**
     * Incidents per status under the filter (its status and cursor ignored), for every tab at once. Rule, severity and
     * dismissal reason, and a name alone, are read from the kept counts; other filters count their incidents.
     */
    default Map<IncidentStatus, Integer> countByStatus(IncidentFilter filter) {
        IncidentFilter any = filter.anyStatus();
        Map<IncidentStatus, Integer> counts = new EnumMap<>(IncidentStatus.class);
        for (IncidentStatus status : IncidentStatus.values()) {
            counts.put(status, 0);
        }
        statusCounts(any).forEach(c -> counts.merge(c.status(), c.n(), Integer::sum));
        return counts;
    }

    private List<StatusCount> statusCounts(IncidentFilter any) {
        boolean kept = any.userId() == null && any.assignee() == null && any.since() == null && any.until() == null;
        if (kept && any.userName() == null) {
            return keptByStatus(new Where().when(any.rule(), "rule = :rule")
                    .when(any.severity(), "severity = :severity")
                    .when(any.dismissalReason(), "dismissal_reason = :dismissalReason").toString(), any);
        }
        if (any.userName() == null) {
            return countByStatus(where(any, null).toString(), any, Map.of());
        }
        if (kept && any.rule() == null && any.severity() == null && any.dismissalReason() == null) {
            return keptByName(any.userNamePattern());
        }
        UserMatches users = users(any);
        return users.none() ? List.of() : countByStatus(where(any, users).toString(), any, users.binds());
    }

    /** How many incidents of one status. */
    record StatusCount(IncidentStatus status, int n) {
    }

    @SqlQuery("SELECT status, count(*) AS n FROM incident <where> GROUP BY status")
    @RegisterConstructorMapper(StatusCount.class)
    @AllowUnusedBindings
    List<StatusCount> countByStatus(@Define("where") String where, @BindMethods IncidentFilter filter,
                                    @BindMap Map<String, Object> users);

    /** How many incidents of one rule have one status and (for dismissed ones) one dismissal reason. */
    record RuleCount(String rule, IncidentStatus status, DismissalReason dismissalReason, int n) {
    }

    /** Incidents per status from the kept counts, under the filter's rule, severity and dismissal reason (if given). */
    @SqlQuery("SELECT status, sum(n) AS n FROM incident_count <where> GROUP BY status")
    @RegisterConstructorMapper(StatusCount.class)
    @AllowUnusedBindings
    List<StatusCount> keptByStatus(@Define("where") String where, @BindMethods IncidentFilter filter);

    /** Each rule's incidents by status and dismissal reason, from the kept counts; none of a rule without incidents. */
    @SqlQuery("""
            SELECT rule, status, NULLIF(dismissal_reason, '') AS dismissal_reason, n FROM incident_count
            WHERE n > 0
            ORDER BY rule
            """)
    @RegisterConstructorMapper(RuleCount.class)
    List<RuleCount> countByRule();

    /**
     * Incidents per status from the kept counts, whose user's name matches {@code pattern} (IncidentFilter's LIKE
     * pattern).
     */
    default List<StatusCount> keptByName(String pattern) {
        IncidentCountDao.PerStatus sums = sumKeptByName(pattern);
        return List.of(new StatusCount(IncidentStatus.OPEN, sums.open()),
                new StatusCount(IncidentStatus.DISABLED, sums.disabled()),
                new StatusCount(IncidentStatus.DISMISSED, sums.dismissed()),
                new StatusCount(IncidentStatus.REENABLED, sums.reenabled()));
    }

    @SqlQuery("""
            SELECT COALESCE(sum(n_open), 0) AS open, COALESCE(sum(n_disabled), 0) AS disabled,
                   COALESCE(sum(n_dismissed), 0) AS dismissed, COALESCE(sum(n_reenabled), 0) AS reenabled
            FROM incident_user_count
            WHERE lower(user_name) LIKE :pattern ESCAPE '!'
            """)
    @RegisterConstructorMapper(IncidentCountDao.PerStatus.class)
    IncidentCountDao.PerStatus sumKeptByName(String pattern);

    /** A user with a name matching a search; {@code every}: all of the user's names match it, not only some. */
    record NameMatch(String userId, boolean every) {
    }

    /**
     * Up to {@code limit} users with a name matching {@code pattern} (IncidentFilter's LIKE pattern): the names are
     * matched once each, and only a matched user's other names are looked at again.
     */
    @SqlQuery("""
            SELECT m.user_id,
                   NOT EXISTS (SELECT 1 FROM incident_user_count o
                               WHERE o.user_id = m.user_id
                                 AND (o.user_name IS NULL OR NOT (lower(o.user_name) LIKE :pattern ESCAPE '!'))
                   ) AS every
            FROM (SELECT DISTINCT user_id FROM incident_user_count WHERE lower(user_name) LIKE :pattern ESCAPE '!') m
            ORDER BY m.user_id
            LIMIT :limit
            """)
    @RegisterConstructorMapper(NameMatch.class)
    List<NameMatch> usersNamed(String pattern, int limit);
}
