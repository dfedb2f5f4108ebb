package io.docspaceguard.store;

import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationH2Test extends MigrationBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
