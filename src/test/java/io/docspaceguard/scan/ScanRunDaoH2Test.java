package io.docspaceguard.scan;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScanRunDaoH2Test extends ScanRunDaoBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
