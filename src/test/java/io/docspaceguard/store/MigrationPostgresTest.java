package io.docspaceguard.store;

import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationPostgresTest extends MigrationBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.postgres();
}
