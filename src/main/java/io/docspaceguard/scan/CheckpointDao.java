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
     * Creates the checkpoint or moves it forward; a checkpoint never moves back, whichever of several writers
     * commits last. H2 lacks {@code ON CONFLICT DO UPDATE}, so: move it if it is earlier; else create it
     * unless it exists; if someone created it meanwhile, move that one forward.
     */
    @Transaction
    default void set(String name, Instant at) {
        if (moveForward(name, at) == 0 && insertIfAbsent(name, at) == 0) {
            moveForward(name, at);
        }
    }

    @SqlUpdate("""
            UPDATE checkpoint SET at = :at WHERE name = :name AND at < :at
            """)
    int moveForward(@Bind("name") String name, @Bind("at") Instant at);

    @SqlUpdate("""
            INSERT INTO checkpoint (name, at) VALUES (:name, :at) ON CONFLICT DO NOTHING
            """)
    int insertIfAbsent(@Bind("name") String name, @Bind("at") Instant at);
}
