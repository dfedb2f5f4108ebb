package io.docspaceguard.store;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditEventDaoH2Test extends AuditEventDaoBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();

    /** H2 stores any text, so a constraint added for this test stands for whatever a database may refuse. */
    @Override
    String nameTheDatabaseRefuses(Jdbi jdbi) {
        jdbi.useHandle(h -> h.execute("ALTER TABLE audit_event ADD CONSTRAINT test_refuses_a_name "
                + "CHECK (user_name IS NULL OR user_name <> 'refused by the database')"));
        return "refused by the database";
    }
}
