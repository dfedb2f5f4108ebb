package io.docspaceguard.scan;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlicedScanH2Test extends SlicedScanBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
