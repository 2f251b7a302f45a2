package org.stockbridge.api.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A keyset position in a list ordered by one to three numeric keys (for example {@code (expiry, site_id, lot_id)}),
 * carried to clients as an opaque string. The start of a list has no keys.
 */
public record Cursor(List<Long> keys) {

    public static final int MAX_KEYS = 3;
    private static final String INVALID = "cursor is not one this API issued for this list";
    private static final long FIRST_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    public Cursor {
        keys = List.copyOf(keys);
        if (keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("a cursor holds at most " + MAX_KEYS + " keys, was " + keys.size());
        }
    }

    public static Cursor after(long key) {
        return new Cursor(List.of(key));
    }

    public static Cursor after(long first, long second, long... more) {
        List<Long> keys = new ArrayList<>(List.of(first, second));
        for (long key : more) {
            keys.add(key);
        }
        return new Cursor(keys);
    }

    public static Cursor start() {
        return new Cursor(List.of());
    }

    /** Whether this is the first page: no row to continue after. */
    public boolean isStart() {
        return keys.isEmpty();
    }

    /** The first key; 0 at the start, so a list ordered by a positive id may always bind {@code id > :after}. */
    public long afterKey() {
        return keys.isEmpty() ? 0 : keys.get(0);
    }

    /** The key at {@code index} (0-based) of a cursor that is not the start. */
    public long afterKey(int index) {
        return keys.get(index);
    }

    /**
     * The key at {@code index} read as a day (days since 1970-01-01, as a list ordered by a date keys it). A client
     * can send any number, so one outside the days of years 1 to 9999 (no stored date is) is refused as a cursor this
     * API did not issue, rather than reaching the date arithmetic or the database.
     */
    public LocalDate afterDay(int index) {
        long day = keys.get(index);
        if (day < FIRST_DAY || day > LAST_DAY) {
            throw new InvalidRequestException("cursor", INVALID);
        }
        return LocalDate.ofEpochDay(day);
    }

    /** Decodes a single-key cursor given by a client; null or blank means the first page. */
    public static Cursor decode(String encoded) {
        return decode(encoded, 1);
    }

    /** Decodes a cursor of a list ordered by {@code arity} keys; null or blank means the first page. */
    public static Cursor decode(String encoded, int arity) {
        if (arity < 1 || arity > MAX_KEYS) {
            throw new IllegalArgumentException("arity must be between 1 and " + MAX_KEYS + ", was " + arity);
        }
        if (encoded == null || encoded.isBlank()) {
            return start();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            String prefix = prefix(arity);
            if (!text.startsWith(prefix)) {
                throw new InvalidRequestException("cursor", INVALID);
            }
            String[] parts = text.substring(prefix.length()).split(":", -1);
            if (parts.length != arity) {
                throw new InvalidRequestException("cursor", INVALID);
            }
            List<Long> keys = new ArrayList<>(arity);
            for (String part : parts) {
                keys.add(Long.parseLong(part));
            }
            return new Cursor(keys);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("cursor", INVALID);
        }
    }

    /** The opaque form; a single-key cursor keeps the {@code k1:} form issued before composite keys existed. */
    public String encoded() {
        if (keys.isEmpty()) {
            throw new IllegalStateException("the start of a list has no cursor");
        }
        StringBuilder text = new StringBuilder(prefix(keys.size()));
        for (int i = 0; i < keys.size(); i++) {
            text.append(i == 0 ? "" : ":").append(keys.get(i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String prefix(int arity) {
        return "k" + arity + ":";
    }
}
