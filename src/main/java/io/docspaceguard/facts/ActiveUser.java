package io.docspaceguard.facts;

/**
 * Anchor fact: one per user who has file activity in the session. Window rules join on it so that
 * each user has one sliding window per rule instead of one per event.
 */
public record ActiveUser(String userId) {
}
