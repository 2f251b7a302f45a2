package org.stockbridge.domain;

/**
 * The rule for identifier-like text a client sends (lot numbers, document references, idempotency keys, codes): at
 * most a given length and no control characters (Unicode Cc: NUL, CR, LF, tab ...) nor format characters (Cf: the
 * bidirectional overrides such as U+202E, zero-width characters), which would reach the database (PostgreSQL refuses
 * NUL), split log lines or make two identifiers look alike. Free text (notes) may hold line breaks but never NUL.
 */
public final class ClientText {

    private ClientText() {
    }

    /**
     * Why {@code value} may not be an identifier of at most {@code maxLength} characters, worded to follow the field's
     * name ("must not contain control characters"); null when it may, or when it is null.
     */
    public static String identifierRefusal(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            return "must be at most " + maxLength + " characters";
        }
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL) {
                return "must not contain control characters (U+" + hex(c) + " at position " + (i + 1) + ")";
            }
            if (type == Character.FORMAT) {
                return "must not contain invisible or direction-changing characters (U+" + hex(c) + " at position "
                        + (i + 1) + ")";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /** Why {@code value} may not be free text; null when it may, or when it is null. */
    public static String freeTextRefusal(String value) {
        return value != null && value.indexOf('\0') >= 0 ? "must not contain the NUL character" : null;
    }

    private static String hex(int codePoint) {
        return String.format("%04X", codePoint);
    }
}
