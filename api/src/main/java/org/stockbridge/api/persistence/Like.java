package org.stockbridge.api.persistence;

/**
 * Patterns for SQL {@code LIKE}/{@code ILIKE} that match a caller's text literally: its {@code %}, {@code _} and
 * backslash (PostgreSQL's default escape character) are escaped. Null in, null out, so a filter left out stays out.
 */
public final class Like {

    private Like() {
    }

    /** The text as a pattern that matches only itself. */
    public static String literal(String text) {
        return text == null ? null : text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A pattern matching values that start with the text. */
    public static String prefix(String text) {
        return text == null ? null : literal(text) + "%";
    }

    /** A pattern matching values that contain the text. */
    public static String containing(String text) {
        return text == null ? null : "%" + literal(text) + "%";
    }
}
