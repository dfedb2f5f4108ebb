package io.docspaceguard.recovery;

import io.docspaceguard.store.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecoveryResumeH2Test extends RecoveryResumeBehaviour {
    @RegisterExtension
    static final FreshDatabase DB = FreshDatabase.h2();
}
