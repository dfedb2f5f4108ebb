package io.docspaceguard.facts;

import java.util.List;

/**
 * What the classification rules see of an audit event: its MessageAction id and entry types, nothing
 * else. Because the answer can depend on these two fields only, the engine asks the rules once per
 * distinct action type and remembers the answer for every later event of that type.
 *
 * @param actionId MessageAction id, e.g. 5034 for an editor save
 * @param entries  entry types of the action: [1] file, [1,2] file to folder, [2] folder, [] none
 */
public record ActionType(int actionId, List<Integer> entries) {

    public ActionType {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** The first entry type, or 0 (None) when the action has none; 1 means the action is on a file. */
    public int entryType() {
        return entries.isEmpty() ? 0 : entries.get(0);
    }
}
