package io.docspaceguard.alert;

/** A channel gave up on an alert. The message carries no secret, so it can be logged as is. */
final class DeliveryException extends Exception {
    DeliveryException(String message) {
        super(message);
    }
}
