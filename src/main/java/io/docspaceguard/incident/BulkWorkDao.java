package io.docspaceguard.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Declared bulk work: added, revoked, never deleted. */
@RegisterConstructorMapper(BulkWork.class)
public interface BulkWorkDao {

    @SqlUpdate("""
            INSERT INTO bulk_work (user_id, starts_at, ends_at, reason, declared_by, declared_at)
            VALUES (:userId, :startsAt, :endsAt, :reason, :declaredBy, :declaredAt)
            """)
    @GetGeneratedKeys("id")
    long insert(@BindMethods BulkWork work);

    @SqlQuery("""
            SELECT id, user_id, starts_at, ends_at, reason, declared_by, declared_at, revoked_by, revoked_at
            FROM bulk_work WHERE id = :id
            """)
    Optional<BulkWork> get(@Bind("id") long id);

    /** The declaration, locked until the transaction ends, so it is revoked once. */
    @SqlQuery("""
            SELECT id, user_id, starts_at, ends_at, reason, declared_by, declared_at, revoked_by, revoked_at
            FROM bulk_work WHERE id = :id
            FOR UPDATE
            """)
    Optional<BulkWork> lock(@Bind("id") long id);

    @SqlUpdate("UPDATE bulk_work SET revoked_by = :by, revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
    boolean revoke(@Bind("id") long id, @Bind("by") String by, @Bind("at") Instant at);

    /** The first (oldest) live declaration covering a user's activity from {@code first} to {@code last}. */
    @SqlQuery("""
            SELECT id FROM bulk_work
            WHERE revoked_at IS NULL AND (user_id IS NULL OR user_id = :userId)
              AND starts_at <= :first AND ends_at >= :last
            ORDER BY id
            LIMIT 1
            """)
    Optional<Long> covering(@Bind("userId") String userId, @Bind("first") Instant first, @Bind("last") Instant last);

    /** Newest first; when {@code endsAfter} is given, only those not revoked and ending after it. */
    @SqlQuery("""
            SELECT id, user_id, starts_at, ends_at, reason, declared_by, declared_at, revoked_by, revoked_at
            FROM bulk_work
            WHERE CAST(:endsAfter AS TIMESTAMP WITH TIME ZONE) IS NULL
               OR (ends_at > :endsAfter AND revoked_at IS NULL)
            ORDER BY id DESC
            LIMIT :limit
            """)
    List<BulkWork> list(@Bind("endsAfter") Instant endsAfter, @Bind("limit") int limit);
}
