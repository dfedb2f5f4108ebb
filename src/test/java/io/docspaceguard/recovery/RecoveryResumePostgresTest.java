package io.docspaceguard.recovery;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecoveryResumePostgresTest extends RecoveryResumeBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.postgres();
}
