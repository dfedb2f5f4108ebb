package io.docspaceguard.incident;

/**
 * DocSpace's answer to an account change was lost and the account could not be read back: whether the change
 * was made is not known. The action stays pending and is settled from the account's status later.
 */
public class ActionOutcomeUnknownException extends AccountActionFailedException {
    public ActionOutcomeUnknownException(String message) {
        super(0, message);
    }
}
