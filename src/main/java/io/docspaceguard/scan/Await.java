package io.docspaceguard.scan;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for work handed to another thread: its failure is rethrown as it was thrown there, an interrupt is kept. */
final class Await {
    private Await() {
    }

    /** @param waitingFor what the caller waits for, for the message when interrupted */
    static <T> T result(Future<T> future, String waitingFor) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }
}
