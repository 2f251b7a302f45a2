package org.stockbridge.api.web;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What to tell a caller whose query parameter, path variable or header the framework could not convert to the type
 * the endpoint takes: the one rule for every such refusal, "limit must be a whole number, was abc".
 */
final class ConversionProblems {

    /** The longest part of a refused value repeated in the detail. */
    static final int SHOWN = 60;

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Map<Class<?>, String> RANGES = Map.of(
            Byte.class, Byte.MIN_VALUE + " to " + Byte.MAX_VALUE,
            Short.class, Short.MIN_VALUE + " to " + Short.MAX_VALUE,
            Integer.class, Integer.MIN_VALUE + " to " + Integer.MAX_VALUE,
            Long.class, Long.MIN_VALUE + " to " + Long.MAX_VALUE);

    private ConversionProblems() {
    }

    /** The name the caller gave the input: the annotation's when it names one, else the method parameter's. */
    static String parameterName(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) {
            return query.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        return parameter.getParameterName();
    }

    /** "{@code name} must be {@code what the type takes}, was {@code value}". */
    static String detail(String name, TypeMismatchException mismatch) {
        String value = text(mismatch.getValue());
        return (name == null ? "the value" : name) + " must be " + expected(mismatch.getRequiredType(), value)
                + ", was " + (value.length() > SHOWN ? value.substring(0, SHOWN) + "…" : value);
    }

    /** What a value of {@code required} must be, for a value given in a JSON body. */
    static String expected(Class<?> required) {
        return expected(required, "");
    }

    /** Whether {@code type} is a number or a boolean, which a string never stands for. */
    static boolean scalar(Class<?> type) {
        Class<?> boxed = boxed(type);
        return boxed != null && (Number.class.isAssignableFrom(boxed) || boxed == Boolean.class);
    }

    /**
     * What a value of {@code required} must be, given as {@code value}: a whole number that is one (whatever its
     * size) is told the range of its type.
     */
    static String expected(Class<?> required, String value) {
        Class<?> type = boxed(required);
        if (type == null) {
            return "a valid value";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (RANGES.containsKey(type) || type == BigInteger.class) {
            String range = RANGES.get(type);
            return range != null && INTEGER.matcher(value.trim()).matches() ? "a whole number from " + range
                    : "a whole number";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == LocalDate.class) {
            return "a date such as 2026-03-27";
        }
        if (type == OffsetDateTime.class || type == Instant.class || type == ZonedDateTime.class) {
            return "a date-time with an offset such as 2026-03-27T08:30:00Z";
        }
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        return "a valid " + type.getSimpleName();
    }

    private static Class<?> boxed(Class<?> type) {
        if (type == null || !type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            default -> type;
        };
    }

    private static String text(Object value) {
        if (value instanceof Object[] values) {
            return Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
