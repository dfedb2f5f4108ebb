package io.docspaceguard.incident;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResponsePostgresTest extends ResponseBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.postgres();
}
