package io.docspaceguard.store;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instances of an embedded H2 database: only this process can open it (H2 locks the file), so the
 * instances it registered are the only ones that can be running.
 */
final class LocalInstances implements InstanceRegistry {
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    @Override
    public Instance join() {
        String id = UUID.randomUUID().toString();
        running.add(id);
        return new Joined(id, () -> running.remove(id));
    }

    @Override
    public boolean isRunning(String instanceId) {
        return instanceId != null && running.contains(instanceId);
    }
}
