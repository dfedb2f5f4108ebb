package io.docspaceguard.incident;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class TriageH2Test extends TriageBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
