package org.stockbridge.domain.shortage;

import java.util.regex.Pattern;

/** Text as the sources write it, made comparable: stripped, every run of white space one space. */
public final class SourceText {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private SourceText() {
    }

    /** The value stripped, every run of white space one space; no regular expression on the common path. */
    public static String collapse(String value) {
        String stripped = value.strip();
        boolean clean = true;
        for (int i = 0; i < stripped.length() && clean; i++) {
            char c = stripped.charAt(i);
            clean = c == ' ' ? i + 1 < stripped.length() && stripped.charAt(i + 1) != ' ' : !Character.isWhitespace(c);
        }
        return clean ? stripped : WHITESPACE.matcher(stripped).replaceAll(" ");
    }
}
