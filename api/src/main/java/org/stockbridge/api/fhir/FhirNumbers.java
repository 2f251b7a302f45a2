package org.stockbridge.api.fhir;

import java.util.regex.Pattern;
import org.stockbridge.api.web.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Refuses a FHIR JSON body holding a number the FHIR parser would spend unbounded time on, before it parses: HAPI
 * reads a decimal through its plain digits, so {@code 1E+30000000} becomes thirty million digits and keeps a core
 * busy for hours, and {@code 1E+2147483647} fails inside the JDK. No count, quantity or date in an inventory report
 * needs more than {@value #MAX_LENGTH} characters or an exponent beyond ±{@value #MAX_EXPONENT}, and the same holds of
 * a string that reads as a number (the FHIR parser takes {@code "value": "1E+30000000"} too). Reads the tokens as
 * they come (Jackson's streaming parser), converting no number, with every leniency of number syntax on (HAPI reads
 * {@code +1E+30000000}); a body it still cannot read is refused here rather than left to a more lenient reader. The
 * refusal names the value's JSON path and does not repeat it.
 */
final class FhirNumbers {

    static final int MAX_LENGTH = 64;
    static final int MAX_EXPONENT = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** A string that reads as a decimal, which the FHIR parser would take for one (possessive: linear time). */
    private static final Pattern NUMERIC = Pattern.compile(
            "\\s*+[+-]?+[0-9]*+(?:\\.[0-9]*+)?+(?:[eE][+-]?+[0-9]++)?+\\s*+");

    private FhirNumbers() {
    }

    /** Throws a 400 naming the first number of {@code body} beyond the bounds, or saying that it is not JSON. */
    static void check(String body) {
        try (JsonParser parser = JSON.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                boolean number = token.isNumeric()
                        || token == JsonToken.VALUE_STRING && NUMERIC.matcher(parser.getText()).matches();
                if (number && !within(parser.getText().trim())) {
                    String path = path(parser);
                    throw new InvalidRequestException(path, path + " is a number of more than " + MAX_LENGTH
                            + " characters or with an exponent beyond ±" + MAX_EXPONENT
                            + ", which no inventory report holds");
                }
            }
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw new InvalidRequestException("body", "not a FHIR R5 InventoryReport: not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
    }

    /** Whether a number, as written, is short and its exponent small. */
    static boolean within(String number) {
        if (number.length() > MAX_LENGTH) {
            return false;
        }
        if (!NUMERIC.matcher(number).matches()) {
            // NaN, Infinity: no quantity, and nothing that costs the parser time
            return true;
        }
        int e = Math.max(number.indexOf('e'), number.indexOf('E'));
        if (e < 0) {
            return true;
        }
        String exponent = number.substring(e + 1).replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
        return exponent.length() <= 2 && Integer.parseInt(exponent) <= MAX_EXPONENT;
    }

    /** The value's JSON path as the service names fields: {@code inventoryListing[0].item[0].quantity.value}. */
    private static String path(JsonParser parser) {
        StringBuilder out = new StringBuilder();
        String pointer = parser.streamReadContext().pathAsPointer().toString();
        for (String step : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")) {
            String name = step.replace("~1", "/").replace("~0", "~");
            if (name.matches("[0-9]+") && !out.isEmpty()) {
                out.append('[').append(name).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(name);
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
