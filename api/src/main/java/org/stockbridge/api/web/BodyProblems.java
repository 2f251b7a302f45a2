package org.stockbridge.api.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What to tell a caller whose JSON body could not be read: the field (as a JSON path such as {@code lot.number} or
 * {@code positions[0].counted}, null when the body as a whole is at fault) and a detail saying what is wrong, in the
 * words of {@link ConversionProblems} for a value of the wrong type, never with Java class names or the whole input.
 */
record BodyProblems(String field, String detail) {

    /** The longest part of the parser's own message repeated in the detail. */
    private static final int SHOWN = 160;

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");
    /** The number the parser quotes in its message on a whole number its field cannot hold. */
    private static final Pattern NUMERIC_VALUE = Pattern.compile("^Numeric value \\(([^)]*)\\) out of range");

    static BodyProblems of(JacksonException error) {
        String path = path(error);
        if (error instanceof UnrecognizedPropertyException unknown) {
            return new BodyProblems(path, "unknown field " + (path != null ? path : unknown.getPropertyName()));
        }
        if (error instanceof JsonInput.OutOfRange range) {
            String name = path != null ? path : "the body";
            return new BodyProblems(path, name + " " + range.getOriginalMessage() + ", was " + range.getValue());
        }
        if (error instanceof InputCoercionException coercion && coercion.getInputType() == JsonToken.VALUE_NUMBER_INT) {
            String name = path != null ? path : "the body";
            Matcher number = NUMERIC_VALUE.matcher(String.valueOf(coercion.getOriginalMessage()));
            String value = number.find() ? number.group(1) : "";
            return new BodyProblems(path, name + " must be " + ConversionProblems.expected(coercion.getTargetType(),
                    value) + ", was " + (value.isEmpty() ? "a whole number out of its range" : shown(value)));
        }
        if (error instanceof MismatchedInputException mismatch) {
            String name = path != null ? path : "the body";
            return new BodyProblems(path, name + " must be " + ConversionProblems.expected(mismatch.getTargetType())
                    + ", was " + given(mismatch));
        }
        String message = error.getOriginalMessage() == null ? "" : error.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            String key = duplicate.group(1);
            String field = path == null ? key : path + "." + key;
            return new BodyProblems(field, field + " is given twice");
        }
        return new BodyProblems(null, "the body is not valid JSON: " + cut(message) + at(error.getLocation()));
    }

    /** The JSON path of the value at fault: {@code lot.number}, {@code positions[0].counted}; null for the root. */
    private static String path(JacksonException error) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : error.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    /** The value as given (a number, a date as written) or, where a number belongs, what kind of value it was. */
    private static String given(MismatchedInputException mismatch) {
        Object value = mismatch instanceof InvalidFormatException format ? format.getValue() : null;
        if (value instanceof String && ConversionProblems.scalar(mismatch.getTargetType())) {
            return "a string";
        }
        if ((value instanceof Double || value instanceof Float) && ((Number) value).doubleValue() % 1 == 0) {
            return value + " (written as a decimal)";
        }
        if (value != null) {
            return shown(String.valueOf(value));
        }
        JsonToken token = mismatch.getCurrentToken();
        if (token == null) {
            return "something else";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_NULL -> "null";
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            default -> "something else";
        };
    }

    private static String shown(String value) {
        return value.length() > ConversionProblems.SHOWN ? value.substring(0, ConversionProblems.SHOWN) + "…" : value;
    }

    /** The parser's message without the source description it may carry, and not longer than {@link #SHOWN}. */
    private static String cut(String message) {
        String text = message;
        for (String tail : new String[] {" (start marker at", "\n at [Source", " at [Source", "\n"}) {
            int at = text.indexOf(tail);
            if (at >= 0) {
                text = text.substring(0, at);
            }
        }
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
