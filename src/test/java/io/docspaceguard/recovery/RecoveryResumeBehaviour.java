package io.docspaceguard.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.docspaceguard.MutableClock;
import io.docspaceguard.docspace.UnsupportedDocSpace;
import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.IncidentDao;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.IncidentStatus;
import io.docspaceguard.store.InstanceRegistry;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** A run is resumed only by one instance, and only when the instance running it is gone. */
abstract class RecoveryResumeBehaviour {
    private static final Instant NOW = Instant.parse("2025-05-14T11:00:00Z");

    /** Instances that run, as the test says; everything else is gone. */
    private static final class Instances implements InstanceRegistry {
        final Set<String> running = new HashSet<>();

        @Override
        public Instance join() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isRunning(String instanceId) {
            return running.contains(instanceId);
        }
    }

    @Test
    void a_run_of_a_live_instance_is_left_to_it_and_an_orphan_is_taken_over_once(Jdbi jdbi) {
        long incident = jdbi.onDemand(IncidentDao.class).insert(new Incident(0, "u", null, "bulk-file-changes", "high",
                IncidentStatus.DISABLED, 1, NOW, NOW, NOW, NOW, "v1", false, null, null, null, null, null, null,
                null, null, null, null, null));
        RecoveryDao dao = jdbi.onDemand(RecoveryDao.class);
        long run = dao.insertRun(incident, "rick", "undo", true, "instance-a", NOW);
        dao.insertSteps(List.of(new RecoveryStep(run, "f1", "a.docx", 1, null, 2, RecoveryStep.PENDING, null, NOW)));
        Instances instances = new Instances();
        instances.running.add("instance-a");

        runner(jdbi, instances, "instance-b").resumeAll();
        assertEquals("instance-a", dao.run(run).orElseThrow().owner(), "instance-a still runs it");

        instances.running.remove("instance-a");
        instances.running.addAll(Set.of("instance-b", "instance-c"));
        try (RecoveryRunner b = runner(jdbi, instances, "instance-b");
             RecoveryRunner c = runner(jdbi, instances, "instance-c")) {
            b.resumeAll();
            c.resumeAll();
        }
        assertEquals("instance-b", dao.run(run).orElseThrow().owner(), "the first to find the orphan takes it");
    }

    private static RecoveryRunner runner(Jdbi jdbi, InstanceRegistry instances, String self) {
        MutableClock clock = new MutableClock(NOW);
        UnsupportedDocSpace docSpace = new UnsupportedDocSpace();
        return new RecoveryRunner(jdbi, docSpace, new IncidentService(jdbi, clock), new RecoveryPlanner(docSpace),
                alert -> { }, new RecoveryRunner.Settings(true, 100, 2), instances, self, clock);
    }
}
