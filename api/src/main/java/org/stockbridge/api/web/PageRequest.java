package org.stockbridge.api.web;

/** A validated page request: where to start and how many items at most. */
public record PageRequest(Cursor cursor, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** A page of a list ordered by one key. */
    public static PageRequest of(String cursor, Integer limit) {
        return of(cursor, limit, 1);
    }

    /** A page of a list ordered by {@code keys} keys (1 to {@link Cursor#MAX_KEYS}). */
    public static PageRequest of(String cursor, Integer limit, int keys) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + size);
        }
        return new PageRequest(Cursor.decode(cursor, keys), size);
    }

    /** How many rows to fetch: one more than the limit, to know whether a next page exists. */
    public int fetchSize() {
        return limit + 1;
    }
}
