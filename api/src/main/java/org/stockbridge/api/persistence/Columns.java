package org.stockbridge.api.persistence;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** Typed column reads that keep null as null. */
public final class Columns {

    private Columns() {
    }

    public static String string(Readable row, String column) {
        return row.get(column, String.class);
    }

    public static long longValue(Readable row, String column) {
        Long value = row.get(column, Long.class);
        if (value == null) {
            throw new IllegalStateException(column + " must not be null");
        }
        return value;
    }

    public static Double decimal(Readable row, String column) {
        BigDecimal value = row.get(column, BigDecimal.class);
        return value == null ? null : value.doubleValue();
    }

    public static boolean bool(Readable row, String column) {
        return Boolean.TRUE.equals(row.get(column, Boolean.class));
    }

    public static LocalDate date(Readable row, String column) {
        return row.get(column, LocalDate.class);
    }

    public static Long nullableLong(Readable row, String column) {
        return row.get(column, Long.class);
    }

    /** A {@code timestamptz} as a UTC timestamp. */
    public static OffsetDateTime timestamp(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** A {@code text[]} as a list; null as an empty list. */
    public static List<String> strings(Readable row, String column) {
        String[] value = row.get(column, String[].class);
        return value == null ? List.of() : Arrays.stream(value).toList();
    }
}
