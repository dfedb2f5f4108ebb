package io.docspaceguard.store;

/**
 * The service instances running on one database. An instance that crashed or was killed leaves work behind
 * (an account action between intent and outcome, a scan marked running); another instance, or the next
 * start, finishes or closes it once it knows the instance is gone, and never while it still runs.
 */
public interface InstanceRegistry {

    /** Registers an instance of this process: it counts as running until closed or until the process ends. */
    Instance join();

    /** Whether the instance with this id runs now, in this process or another. */
    boolean isRunning(String instanceId);

    /** One running instance; closing it is a clean stop. */
    interface Instance extends AutoCloseable {
        String id();

        @Override
        void close();
    }

    /** An instance whose stop is {@code onClose}. */
    record Joined(String id, Runnable onClose) implements Instance {
        @Override
        public void close() {
            onClose.run();
        }
    }
}
