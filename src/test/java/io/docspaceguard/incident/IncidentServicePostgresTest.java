package io.docspaceguard.incident;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentServicePostgresTest extends IncidentServiceBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.postgres();
}
