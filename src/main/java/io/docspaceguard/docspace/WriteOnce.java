package io.docspaceguard.docspace;

/**
 * Runs a DocSpace write so that it takes effect at most once. It is sent once; when its answer is lost
 * (no answer in time, a 5xx from DocSpace or a proxy) nobody knows whether DocSpace made the change, so
 * instead of sending it again DocSpace is read to learn what really happened.
 */
public final class WriteOnce {
    private WriteOnce() {
    }

    /** One write and the read that shows whether it is in place. */
    public interface Write<R> {
        /** Sends the write once; a {@link DocSpaceException} when it was refused or its answer lost. */
        R send();

        /** What DocSpace shows now. */
        R read();

        /** Whether what DocSpace shows is the effect the write wants. */
        boolean inPlace(R state);
    }

    /** What came of a write. */
    public sealed interface Result<R> {
        /**
         * The change is in place. {@code lostAnswer} is the failure that hid the answer when the change was
         * learned from a read-back; null when DocSpace answered.
         */
        record Applied<R>(R value, DocSpaceException lostAnswer) implements Result<R> {
        }

        /**
         * The change is not in place: DocSpace refused it ({@code observed} null), or its answer was lost and a
         * read-back shows {@code observed}, which is not the change. It was not sent again.
         */
        record NotApplied<R>(DocSpaceException cause, R observed) implements Result<R> {
        }

        /** The answer was lost and DocSpace could not be read either: whether it happened is not known. */
        record Unknown<R>(DocSpaceException cause, DocSpaceException readFailure) implements Result<R> {
        }
    }

    public static <R> Result<R> run(Write<R> write) {
        try {
            return new Result.Applied<>(write.send(), null);
        } catch (DocSpaceException e) {
            if (!answerLost(e)) {
                return new Result.NotApplied<>(e, null);
            }
            try {
                R now = write.read();
                return write.inPlace(now) ? new Result.Applied<>(now, e) : new Result.NotApplied<>(e, now);
            } catch (DocSpaceException readFailure) {
                return new Result.Unknown<>(e, readFailure);
            }
        }
    }

    /** No answer, or a server error: DocSpace may have made the change. A 4xx is a refusal before any change. */
    static boolean answerLost(DocSpaceException e) {
        return e.status() == 0 || e.status() >= 500;
    }
}
