package io.docspaceguard.incident;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentCountH2Test extends IncidentCountBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
