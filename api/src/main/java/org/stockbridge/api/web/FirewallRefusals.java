package org.stockbridge.api.web;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;

/**
 * What to tell a caller whose request Spring Security's strict firewall refused: a 400 {@code invalid-request} whose
 * detail says what the request held, in words of its own. The firewall's own message quotes the request (a header's
 * name and value, the method, the host); none of it is repeated, only the part of the path the firewall's fixed list
 * matched is named, and the problem has no {@code instance}, which would repeat the refused path.
 */
public final class FirewallRefusals {

    /** The part of the path the firewall's list matched, quoted in its message. */
    private static final Pattern LISTED = Pattern.compile("potentially malicious String \"(.*)\"");
    private static final String CONTROL = "a control character";
    /** What each entry of the firewall's list is, by its lower-case spelling. */
    private static final Map<String, String> LISTED_NAMES = Map.ofEntries(
            Map.entry(";", "a semicolon"), Map.entry("%3b", "a semicolon"),
            Map.entry("%2f", "an encoded slash"),
            Map.entry("//", "an empty segment"), Map.entry("%2f%2f", "an empty segment"),
            Map.entry("%2e", "an encoded dot"),
            Map.entry("%25", "an encoded percent sign"), Map.entry("%", "an encoded percent sign"),
            Map.entry("\\", "a backslash"), Map.entry("%5c", "a backslash"),
            Map.entry("%00", CONTROL), Map.entry("\u0000", CONTROL), Map.entry("%0a", CONTROL),
            Map.entry("%0d", CONTROL), Map.entry("\n", CONTROL), Map.entry("\r", CONTROL));
    private static final String CHARACTERS = "holds a control character or an unassigned code point";

    private FirewallRefusals() {
    }

    /** The problem answering a refusal of the firewall. */
    public static ApiException problem(ServerExchangeRejectedException rejected) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-request", HttpStatus.BAD_REQUEST.getReasonPhrase(),
                detail(rejected.getMessage()));
    }

    /** The detail for the firewall's message, in words of its own. */
    static String detail(String message) {
        String text = message == null ? "" : message;
        Matcher listed = LISTED.matcher(text);
        if (listed.find()) {
            String name = LISTED_NAMES.get(listed.group(1).toLowerCase(Locale.ROOT));
            return name == null ? "the request's path holds a sequence of characters that is refused"
                    : name.equals(CONTROL) ? "the request's path holds a control character, which is refused"
                    : "the request's path holds " + name + ", which is refused as it could be read more than one way";
        }
        if (text.contains("URL was not normalized")) {
            return "the request's path holds a . or .. segment, which is refused as it could be read more than one "
                    + "way";
        }
        if (text.contains("printable ASCII")) {
            return "the request's path holds a character other than printable ASCII, which is refused";
        }
        if (text.contains("the header name")) {
            return "the name of a request header " + CHARACTERS;
        }
        if (text.contains("the header:")) {
            return "the value of a request header " + CHARACTERS;
        }
        if (text.contains("the parameter name")) {
            return "the name of a query parameter " + CHARACTERS;
        }
        if (text.contains("the parameter:")) {
            return "the value of a query parameter " + CHARACTERS;
        }
        if (text.contains("HTTP method")) {
            return "the request's method is not one the service accepts";
        }
        if (text.contains("domain")) {
            return "the request's Host is not one the service answers to";
        }
        return "the request was refused by the service's request firewall";
    }
}
