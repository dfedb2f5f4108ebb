package io.docspaceguard.store;

/**
 * Which of the instances sharing a database runs the scheduled work (scans, reconciling, expiring automatic
 * disables); every instance serves the API. Losing the lead is noticed at the next {@link #lead()}, and a
 * second leader for a moment is harmless: scans are idempotent and account actions are journalled once.
 */
public interface Leadership extends AutoCloseable {

    /** Whether this instance leads now, taking the lead if no running instance holds it. Never throws. */
    boolean lead();

    /** Whether this instance led at its last {@link #lead()}. */
    boolean leading();

    /** Gives the lead up, so another instance takes it at once. */
    @Override
    void close();

    /** A database only one process opens (H2): that process always leads. */
    static Leadership alone() {
        return new Leadership() {
            @Override
            public boolean lead() {
                return true;
            }

            @Override
            public boolean leading() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
