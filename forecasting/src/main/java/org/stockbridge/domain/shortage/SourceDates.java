package org.stockbridge.domain.shortage;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as the sources write them: {@code 2017-11-06}, API timestamps with or without a colon in the offset
 * ({@code 2017-02-23T00:00:00-05:00}, {@code 2019-02-08T21:58:14-0500}, {@code ...Z}) and U.S. {@code MM/DD/YYYY}.
 * A timestamp's date is the calendar date in the offset it was written in. Sentinel and mistyped years before
 * {@value #FIRST_YEAR} ({@code 0001-01-01T00:00:00-05:17}, {@code 0201-11-03}) mean "no date" and read as null.
 */
public final class SourceDates {

    public static final int FIRST_YEAR = 1900;
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?");
    private static final Pattern US = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");

    private SourceDates() {
    }

    /** The date, null when blank or a sentinel; refuses text that is no date. */
    public static LocalDate parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        Matcher iso = ISO.matcher(t);
        if (iso.matches()) {
            return date(t, Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                    Integer.parseInt(iso.group(3)));
        }
        Matcher us = US.matcher(t);
        if (us.matches()) {
            return date(t, Integer.parseInt(us.group(3)), Integer.parseInt(us.group(1)), Integer.parseInt(us.group(2)));
        }
        throw new IllegalArgumentException("'" + t + "' is not a date (YYYY-MM-DD, an ISO-8601 timestamp or MM/DD/YYYY)");
    }

    private static LocalDate date(String text, int year, int month, int day) {
        if (year < FIRST_YEAR) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid date: " + e.getMessage());
        }
    }
}
