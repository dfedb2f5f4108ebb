package io.docspaceguard.scan;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Named polling checkpoints: where the next scan continues after a restart. */
public interface CheckpointDao {

    @SqlQuery("""
            SELECT at FROM checkpoint WHERE name = :name
            """)
    Optional<Instant> get(@Bind("name") String name);

    /**
     * Creates or moves the checkpoint. H2 lacks {@code ON CONFLICT DO UPDATE}, and PostgreSQL's MERGE can
     * still fail on a concurrent insert, so: update; else insert unless someone just did; else update again.
     */
    @Transaction
    default void set(String name, Instant at) {
        if (update(name, at) == 0 && insertIfAbsent(name, at) == 0) {
            update(name, at);
        }
    }

    @SqlUpdate("""
            UPDATE checkpoint SET at = :at WHERE name = :name
            """)
    int update(@Bind("name") String name, @Bind("at") Instant at);

    @SqlUpdate("""
            INSERT INTO checkpoint (name, at) VALUES (:name, :at) ON CONFLICT DO NOTHING
            """)
    int insertIfAbsent(@Bind("name") String name, @Bind("at") Instant at);
}
