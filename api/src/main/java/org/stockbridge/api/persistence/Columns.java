package org.stockbridge.api.persistence;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;

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
}
