package io.docspaceguard.store;

import org.junit.jupiter.api.extension.RegisterExtension;

class AuditEventDaoH2Test extends AuditEventDaoBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
