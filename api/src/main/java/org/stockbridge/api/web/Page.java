package org.stockbridge.api.web;

import java.util.List;
import org.stockbridge.api.persistence.Keyed;

/**
 * One page of a list. {@code nextCursor} is opaque; pass it back as {@code cursor} to get the next page. It is null on
 * the last page.
 */
public record Page<T>(List<T> items, String nextCursor, int limit) {

    /**
     * Builds a page from up to {@code limit + 1} rows fetched in key order: the extra row, when present, only tells
     * that another page exists. The cursor carries every key of the last row shown.
     */
    public static <T> Page<T> of(List<Keyed<T>> rowsPlusOne, PageRequest request) {
        int limit = request.limit();
        List<T> items = rowsPlusOne.stream().limit(limit).map(Keyed::value).toList();
        String next = rowsPlusOne.size() > limit ? new Cursor(rowsPlusOne.get(limit - 1).keys()).encoded() : null;
        return new Page<>(items, next, limit);
    }
}
