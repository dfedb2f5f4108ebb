package io.docspaceguard.http;

import java.util.List;
import java.util.function.Function;

/** The shape of every list answer: one page of items and the cursor of the next page (null on the last). */
record Page<T>(List<T> items, Long nextCursor) {

    /**
     * A page from rows fetched newest first with one row more than the page size: that extra row says
     * whether another page exists, and the last item's id is the cursor to continue after.
     */
    static <T> Page<T> of(List<T> fetched, int size, Function<T, Long> id) {
        List<T> items = List.copyOf(fetched.subList(0, Math.min(size, fetched.size())));
        Long next = fetched.size() > size ? id.apply(items.get(items.size() - 1)) : null;
        return new Page<>(items, next);
    }
}
