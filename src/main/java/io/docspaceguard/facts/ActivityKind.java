package io.docspaceguard.facts;

/**
 * The answer of a classification rule: events of this action type are file activities of this kind.
 * One action type may have several kinds (a deletion is also a change) or none.
 *
 * @param kind one of {@link FileActivity#CHANGE}, {@link FileActivity#DELETION}, {@link FileActivity#DOWNLOAD}
 */
public record ActivityKind(ActionType type, String kind) {
}
