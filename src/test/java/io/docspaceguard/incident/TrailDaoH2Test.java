package io.docspaceguard.incident;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrailDaoH2Test extends TrailDaoBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
