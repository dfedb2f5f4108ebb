package io.docspaceguard.store;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditEventDaoPostgresTest extends AuditEventDaoBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.postgres();

    @Override
    String nameTheDatabaseRefuses(Jdbi jdbi) {
        return "Mal\u0000lory"; // PostgreSQL text holds no NUL
    }
}
