package io.docspaceguard.engine;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules when the files in the rule folder change. It compares a hash of the files every
 * {@code periodMillis} rather than relying on file-system events, which do not arrive through many
 * container volume mounts; a change is reloaded once it has been stable for one period, so an editor
 * saving in several steps triggers one reload.
 */
public final class RuleWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuleWatcher.class);

    private final RuleEngine engine;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rule-watcher");
        thread.setDaemon(true);
        return thread;
    });
    private String lastSeen;
    private String lastTried;

    public RuleWatcher(RuleEngine engine) {
        this.engine = engine;
    }

    public RuleWatcher start(long periodMillis) {
        lastTried = engine.active().version();
        lastSeen = lastTried;
        timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    void check() {
        try {
            String onDisk = engine.versionOnDisk();
            boolean stable = onDisk.equals(lastSeen);
            lastSeen = onDisk;
            if (stable && !Objects.equals(onDisk, lastTried)) {
                lastTried = onDisk;
                engine.reload();
            }
        } catch (RuleLoadException e) {
            // Already logged and kept for /health by the engine; the old rules stay active.
        } catch (RuntimeException e) {
            log.warn("rule folder check failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
