package org.stockbridge.domain.shortage;

import java.util.Locale;

/**
 * The FDA's free-text availability, read into a few values despite its typos ({@code Limited Availablity},
 * {@code Avaliable}, {@code Unavailable.}, {@code temporally on backorder}).
 */
public enum Availability {
    AVAILABLE,
    LIMITED,
    UNAVAILABLE,
    BACKORDER,
    OTHER;

    private static final java.util.regex.Pattern NOT_LETTERS = java.util.regex.Pattern.compile("[^a-z ]");

    /** The availability a text states; null when there is none. */
    public static Availability of(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = SourceText.collapse(NOT_LETTERS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" "));
        if (t.contains("backorder") || t.contains("back order")) {
            return BACKORDER;
        }
        if (t.startsWith("un") || t.startsWith("not ") || t.contains("not available")) {
            return UNAVAILABLE;
        }
        if (t.startsWith("limit") || t.contains("limited")) {
            return LIMITED;
        }
        if (t.startsWith("ava") || t.startsWith("avl") || t.equals("in stock")) {
            return AVAILABLE;
        }
        return OTHER;
    }
}
