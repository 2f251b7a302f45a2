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
    private static final Pattern US = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");

    private SourceDates() {
    }

    /** The date, null when blank or a sentinel; refuses text that is no date. */
    public static LocalDate parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        if (iso(t)) {
            return date(t, number(t, 0, 4), number(t, 5, 7), number(t, 8, 10));
        }
        Matcher us = US.matcher(t);
        if (us.matches()) {
            return date(t, Integer.parseInt(us.group(3)), Integer.parseInt(us.group(1)), Integer.parseInt(us.group(2)));
        }
        throw new IllegalArgumentException("'" + t + "' is not a date (YYYY-MM-DD, an ISO-8601 timestamp or MM/DD/YYYY)");
    }

    /**
     * The instant of a timestamp with a zone ({@code 2024-01-05T15:00:00-05:00}, {@code ...-0500}, {@code ...Z}), as
     * ISO-8601 text in UTC ({@code 2024-01-05T20:00:00Z}); null for a date alone, a timestamp without a zone, a blank or
     * a sentinel. Refuses text that is no date.
     */
    public static String instant(String text) {
        LocalDate date = parse(text);
        String t = date == null ? null : text.trim();
        if (t == null || t.length() < 16) {
            return null;
        }
        int hour = number(t, 11, 13);
        int minute = number(t, 14, 16);
        int i = 16;
        int second = 0;
        if (i < t.length() && t.charAt(i) == ':') {
            second = number(t, i + 1, i + 3);
            i += 3;
        }
        long nanos = 0;
        if (i < t.length() && t.charAt(i) == '.') {
            int start = ++i;
            while (i < t.length() && digit(t.charAt(i))) {
                i++;
            }
            String fraction = (t.substring(start, Math.min(i, start + 9)) + "000000000").substring(0, 9);
            nanos = Long.parseLong(fraction);
        }
        if (i == t.length()) {
            return null;
        }
        int offsetSeconds = 0;
        if (t.charAt(i) != 'Z') {
            int sign = t.charAt(i) == '-' ? -1 : 1;
            int hours = number(t, i + 1, i + 3);
            int minutes = t.charAt(i + 3) == ':' ? number(t, i + 4, i + 6) : number(t, i + 3, i + 5);
            offsetSeconds = sign * (hours * 3600 + minutes * 60);
        }
        try {
            return java.time.LocalDateTime.of(date, java.time.LocalTime.of(hour, minute, second, (int) nanos))
                    .toInstant(java.time.ZoneOffset.ofTotalSeconds(offsetSeconds)).toString();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + t + "' is not a valid timestamp: " + e.getMessage());
        }
    }

    /**
     * Whether the text is {@code YYYY-MM-DD}, optionally followed by {@code T} or a space, {@code hh:mm}, optionally
     * {@code :ss} with optional fraction, and an optional zone ({@code Z}, {@code +hh:mm} or {@code +hhmm}); read
     * character by character, since tens of thousands of dates are read per file.
     */
    static boolean iso(String t) {
        int n = t.length();
        if (n < 10 || !digits(t, 0, 4) || t.charAt(4) != '-' || !digits(t, 5, 7) || t.charAt(7) != '-'
                || !digits(t, 8, 10)) {
            return false;
        }
        int i = 10;
        if (i == n) {
            return true;
        }
        if (t.charAt(i) != 'T' && t.charAt(i) != ' ') {
            return false;
        }
        i++;
        if (i + 5 > n || !digits(t, i, i + 2) || t.charAt(i + 2) != ':' || !digits(t, i + 3, i + 5)) {
            return false;
        }
        i += 5;
        if (i < n && t.charAt(i) == ':') {
            if (i + 3 > n || !digits(t, i + 1, i + 3)) {
                return false;
            }
            i += 3;
            if (i < n && t.charAt(i) == '.') {
                int start = ++i;
                while (i < n && digit(t.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    return false;
                }
            }
        }
        if (i == n) {
            return true;
        }
        char zone = t.charAt(i);
        if (zone == 'Z') {
            return i + 1 == n;
        }
        if (zone != '+' && zone != '-') {
            return false;
        }
        i++;
        if (i + 2 > n || !digits(t, i, i + 2)) {
            return false;
        }
        i += 2;
        if (i < n && t.charAt(i) == ':') {
            i++;
        }
        return i + 2 == n && digits(t, i, i + 2);
    }

    /**
     * A date as report fields hold it ({@code YYYY-MM-DD}, written by {@link LocalDate#toString()}), read without a
     * formatter: tens of thousands are read per ingest.
     */
    static LocalDate stored(String iso) {
        if (iso.length() == 10 && iso.charAt(4) == '-' && iso.charAt(7) == '-' && digits(iso, 0, 4)
                && digits(iso, 5, 7) && digits(iso, 8, 10)) {
            return LocalDate.of(number(iso, 0, 4), number(iso, 5, 7), number(iso, 8, 10));
        }
        return LocalDate.parse(iso);
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!digit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (t.charAt(i) - '0');
        }
        return value;
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
