package io.docspaceguard.scan;

import io.docspaceguard.docspace.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Judges a long scan's stored chunks ({@link ChunkedEvaluation}) on a thread of its own, in order and one batch at a
 * time, while the scan stores the next batch: storing and judging each take a core, and a backfill done one after the
 * other would leave one of them idle. A batch counts as done only once it is judged, so the checkpoint and the
 * scan's progress never move over chunks stored but not yet judged.
 */
final class ChunkJudge implements AutoCloseable {
    /** A batch judged: what the rules' findings did, and the chunks it covered up to where. */
    record Judged(FindingRecorder.Outcome outcome, int chunks, Instant doneUntil) {
        Judged plus(FindingRecorder.Outcome more) {
            return new Judged(outcome.plus(more), chunks, doneUntil);
        }
    }

    /** How long closing waits for a batch still being judged: its rules' time budget and the incidents it records. */
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(3);

    private final ChunkedEvaluation evaluation;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chunk-judge");
        t.setDaemon(true);
        return t;
    });
    private Future<Judged> pending;

    ChunkJudge(ChunkedEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    /**
     * Hands a stored batch over and returns the batch before it, judged (waited for); null for the first.
     *
     * @throws RuntimeException what judging the batch before threw (the rules' budget, the database)
     */
    Judged judge(List<AuditEntry> read, int chunks, Instant doneUntil) {
        Judged before = settle();
        pending = thread.submit(() -> new Judged(evaluation.next(read), chunks, doneUntil));
        return before;
    }

    /** Waits for the batch being judged and returns it; null when there is none. */
    Judged settle() {
        if (pending == null) {
            return null;
        }
        Future<Judged> waited = pending;
        pending = null;
        return Await.result(waited, "the rules to judge a batch");
    }

    /** After the last batch was settled: see {@link ChunkedEvaluation#finish}. */
    FindingRecorder.Outcome finish(Instant to) {
        return evaluation.finish(to);
    }

    /**
     * Lets a batch still being judged finish (interrupting it could land inside a database write), then closes the
     * rules; a judge that outlasts the wait keeps its sessions, as closing them under it would break more.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
            return;
        }
        evaluation.close();
    }
}
