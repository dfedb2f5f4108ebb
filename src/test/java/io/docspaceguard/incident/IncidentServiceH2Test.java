package io.docspaceguard.incident;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentServiceH2Test extends IncidentServiceBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
