package io.docspaceguard.incident;

/** The incident cannot make this change now; the message says why (illegal transition, protected account). */
public class TransitionRefusedException extends RuntimeException {
    public TransitionRefusedException(String reason) {
        super(reason);
    }
}
