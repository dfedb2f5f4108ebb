package io.docspaceguard.store;

import org.junit.jupiter.api.extension.RegisterExtension;

class AuditEventDaoPostgresTest extends AuditEventDaoBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.postgres();
}
