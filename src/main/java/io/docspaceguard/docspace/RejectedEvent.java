package io.docspaceguard.docspace;

/** An audit event DocSpace sent that could not be used, kept with the reason so nothing is lost. */
public record RejectedEvent(String reason, String raw) {
}
