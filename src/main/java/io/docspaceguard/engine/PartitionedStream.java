package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Spreads an event stream over several rule sessions, one thread each, by user: every event of a user
 * goes to the same session in the order it came, so each user's windows are exactly those of a single
 * session. Rules that correlate several users need one partition (GUARD_RULE_PARTITIONS=1).
 */
final class PartitionedStream implements EventStream {
    /** Events are handed over in batches: a queue operation per event would cost more than it saves. */
    private static final int BATCH = 1024;

    private sealed interface Work permits Events, Drain {
    }

    private record Events(AuditEvent[] events, int size) implements Work {
    }

    private record Drain(CompletableFuture<List<Finding>> findings) implements Work {
    }

    private final Partition[] partitions;

    PartitionedStream(RuleSet ruleSet, int count) {
        partitions = new Partition[count];
        for (int i = 0; i < count; i++) {
            partitions[i] = new Partition(new RuleSession(ruleSet), "rules-" + i);
        }
    }

    @Override
    public void insert(AuditEvent event) {
        String user = event.userId();
        int index = user == null ? 0 : Math.floorMod(user.hashCode(), partitions.length);
        partitions[index].add(event);
    }

    @Override
    public List<Finding> drainFindings() {
        List<CompletableFuture<List<Finding>>> pending = new ArrayList<>();
        for (Partition partition : partitions) {
            pending.add(partition.drain());
        }
        List<Finding> findings = new ArrayList<>();
        for (CompletableFuture<List<Finding>> answer : pending) {
            try {
                findings.addAll(answer.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the rules ran", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a rule session failed: " + e.getCause(), e.getCause());
            }
        }
        return findings;
    }

    @Override
    public void close() {
        for (Partition partition : partitions) {
            partition.stop();
        }
    }

    /** One session and the thread that alone writes to it. */
    private static final class Partition {
        private final RuleSession session;
        private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(16);
        private final Thread worker;
        private AuditEvent[] batch = new AuditEvent[BATCH];
        private int size;
        private volatile Throwable failure;

        Partition(RuleSession session, String name) {
            this.session = session;
            this.worker = new Thread(this::work, name);
            worker.setDaemon(true);
            worker.start();
        }

        void add(AuditEvent event) {
            batch[size++] = event;
            if (size == BATCH) {
                flush();
            }
        }

        CompletableFuture<List<Finding>> drain() {
            flush();
            CompletableFuture<List<Finding>> findings = new CompletableFuture<>();
            put(new Drain(findings));
            return findings;
        }

        void stop() {
            worker.interrupt();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            session.close();
        }

        private void flush() {
            if (size > 0) {
                put(new Events(batch, size));
                batch = new AuditEvent[BATCH];
                size = 0;
            }
        }

        private void put(Work work) {
            if (failure != null) {
                throw new IllegalStateException("a rule session failed: " + failure, failure);
            }
            try {
                queue.put(work);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handing events to the rules", e);
            }
        }

        private void work() {
            try {
                while (true) {
                    Work work = queue.take();
                    if (work instanceof Drain drain && failure != null) {
                        // Whoever waits for findings learns of the failure instead of waiting forever.
                        drain.findings().completeExceptionally(failure);
                    } else if (failure == null) {
                        run(work);
                    }
                }
            } catch (InterruptedException e) {
                // stop() asked the worker to end
            }
        }

        private void run(Work work) {
            try {
                if (work instanceof Events events) {
                    for (int i = 0; i < events.size(); i++) {
                        session.insert(events.events()[i]);
                    }
                } else if (work instanceof Drain drain) {
                    drain.findings().complete(session.drainFindings());
                }
            } catch (RuntimeException | Error e) {
                failure = e;
                if (work instanceof Drain drain) {
                    drain.findings().completeExceptionally(e);
                }
            }
        }
    }
}
