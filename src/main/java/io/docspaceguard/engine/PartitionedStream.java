package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Spreads an event stream over several rule sessions, one thread each, by user: every event of a user
 * goes to the same session in the order it came, so each user's windows are exactly those of a single
 * session. Rules that correlate several users need one partition (GUARD_RULE_PARTITIONS=1).
 *
 * <p>The caller never waits on the rules for longer than their time budget (and a short grace): a session
 * stuck in one firing is given up, so the scan that asked reports the failure and the service goes on.
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

    /** How long past the deadline the caller waits for a session that has not noticed it yet. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STOP_WAIT_MILLIS = 1_000;

    private final Partition[] partitions;
    private final Deadline deadline;

    /** @param deadline by when the sessions must be done with what they were given */
    PartitionedStream(RuleSet ruleSet, int count, RuleBudget budget, Deadline deadline) {
        this.deadline = deadline;
        partitions = new Partition[count];
        for (int i = 0; i < count; i++) {
            partitions[i] = new Partition(new RuleSession(ruleSet, budget, deadline), "rules-" + i, deadline);
        }
    }

    /** When the caller stops waiting for the sessions: the deadline and a grace for a session to notice it. */
    private static long giveUpAt(Deadline deadline) {
        return deadline.nanos() + GRACE_NANOS;
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
                findings.addAll(answer.get(Math.max(0, giveUpAt(deadline) - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the rules ran", e);
            } catch (ExecutionException e) {
                throw failed(e.getCause());
            } catch (TimeoutException e) {
                throw stuck();
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

    /** A session's failure as the caller should see it: a blown budget as itself, naming the rule. */
    private static RuntimeException failed(Throwable cause) {
        if (cause instanceof RuleBudgetExceededException exceeded) {
            return exceeded;
        }
        return new IllegalStateException("a rule session failed: " + cause, cause);
    }

    private static RuleBudgetExceededException stuck() {
        return new RuleBudgetExceededException(null, "the rules did not finish within their time budget; a rule "
                + "is stuck in one firing, and its session was given up");
    }

    /** One session and the thread that alone writes to it. */
    private static final class Partition {
        private final RuleSession session;
        private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(16);
        private final Thread worker;
        private final Deadline deadline;
        private AuditEvent[] batch = new AuditEvent[BATCH];
        private int size;
        private volatile Throwable failure;

        Partition(RuleSession session, String name, Deadline deadline) {
            this.session = session;
            this.deadline = deadline;
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
                // A worker waiting for work ends at once; only one stuck in a firing outlasts the wait.
                worker.join(Math.max(STOP_WAIT_MILLIS,
                        TimeUnit.NANOSECONDS.toMillis(Math.max(0, giveUpAt(deadline) - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!worker.isAlive()) {
                session.close(); // a stuck worker keeps its session: disposing it under the worker would break more
            }
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
                throw failed(failure);
            }
            try {
                if (!queue.offer(work, Math.max(0, giveUpAt(deadline) - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw stuck();
                }
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
