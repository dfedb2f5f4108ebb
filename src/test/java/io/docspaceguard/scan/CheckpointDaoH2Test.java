package io.docspaceguard.scan;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class CheckpointDaoH2Test extends CheckpointDaoBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
