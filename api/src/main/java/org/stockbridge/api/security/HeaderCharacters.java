package org.stockbridge.api.security;

/**
 * The request-header check of Spring Security's {@code StrictServerWebExchangeFirewall}, by a scan of code points
 * instead of its regular expressions ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*} for names, the same with a tab
 * allowed for values), which ran over every header of every request, bearer token included. Same verdicts.
 */
final class HeaderCharacters {

    private HeaderCharacters() {
    }

    /** Header names: assigned code points, no control characters. */
    static boolean allowedName(String name) {
        return name == null || scan(name, false);
    }

    /** Header values: assigned code points, no control characters but the tab. */
    static boolean allowedValue(String value) {
        return value == null || scan(value, true);
    }

    private static boolean scan(String text, boolean tab) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && c == '\t'))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
