package org.stockbridge.api.web;

import java.util.function.Function;

/** Parses optional request parameters into domain values, naming the parameter when a value is refused. */
public final class RequestParameters {

    private RequestParameters() {
    }

    public static <T> T optional(String name, String value, Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidRequestException(name, name + " is not valid: " + e.getMessage());
        }
    }

    public static String optionalText(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidRequestException(name, name + " must be at most " + maxLength + " characters");
        }
        return value.trim();
    }
}
