package org.stockbridge.domain;

import java.util.Arrays;
import java.util.Locale;

/** Case-insensitive parsing of the domain's enumerations with one message style for bad values. */
public final class EnumParsing {

    private EnumParsing() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        String normalised = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(normalised)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(field + " must be one of " + Arrays.toString(type.getEnumConstants())
                + ", was " + value);
    }
}
