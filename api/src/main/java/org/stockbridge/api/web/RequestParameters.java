package org.stockbridge.api.web;

import java.util.function.Function;
import org.stockbridge.domain.ClientDates;
import org.stockbridge.domain.ClientText;

/**
 * Parses optional request parameters into domain values, naming the parameter when a value is refused; a date or
 * instant must also be one a client may send ({@link ClientDates}).
 */
public final class RequestParameters {

    private RequestParameters() {
    }

    public static <T> T optional(String name, String value, Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            return null;
        }
        T parsed;
        try {
            parsed = parser.apply(value.trim());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidRequestException(name, name + " is not valid: " + e.getMessage());
        }
        return within(name, value, parsed);
    }

    /** {@code parsed} if it is no date or a date a client may send ({@link ClientDates}), else a refusal naming it. */
    public static <T> T within(String name, String given, T parsed) {
        String refusal = ClientDates.refusal(parsed);
        if (refusal != null) {
            throw new InvalidRequestException(name, name + " " + refusal + ", was " + given.trim());
        }
        return parsed;
    }

    public static String optionalText(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidRequestException(name, name + " must be at most " + maxLength + " characters");
        }
        String refusal = ClientText.freeTextRefusal(value);
        if (refusal != null) {
            throw new InvalidRequestException(name, name + " " + refusal);
        }
        return value.trim();
    }
}
