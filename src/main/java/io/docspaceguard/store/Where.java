package io.docspaceguard.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause of only the filters a query was given, each a constant fragment with named parameters. One
 * statement with {@code (:x IS NULL OR col = :x)} for every optional filter gets one generic plan once the
 * driver prepares it on the server, and PostgreSQL then scans the whole table whatever was asked; a statement
 * per combination keeps each on its index. Values are always bound, never written into the text.
 */
public final class Where {
    private final List<String> terms = new ArrayList<>();

    /** Adds {@code term} when {@code value} is given. */
    public Where when(Object value, String term) {
        if (value != null) {
            terms.add(term);
        }
        return this;
    }

    @Override
    public String toString() {
        return terms.isEmpty() ? "" : "WHERE " + String.join(" AND ", terms);
    }
}
