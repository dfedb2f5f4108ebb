package io.docspaceguard.scan;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScannerH2Test extends ScannerBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
