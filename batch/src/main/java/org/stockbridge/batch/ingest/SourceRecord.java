package org.stockbridge.batch.ingest;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One record of a source file as read: its 1-based number in the file, the line it starts on (null for JSON), its
 * values by the source's own column or field names, and its raw content (the JSON object, or the CSV cells re-quoted
 * as one line when asked for, which only a rejected record needs). {@code error} says why a record could not be read
 * into values; such a record is rejected, never dropped. Values holding a NUL character (U+0000), which PostgreSQL
 * cannot store as text, are such an error, however the record was made (read, or its values rewritten by a rule); so
 * is a record holding bytes that are not UTF-8, which its reader says.
 */
public final class SourceRecord {

    private final long number;
    private final Long line;
    private final Map<String, String> values;
    private final String error;
    private final Object content;
    private final Function<List<String>, String> format;

    private SourceRecord(long number, Long line, Map<String, String> values, String error, Object content,
                         Function<List<String>, String> format) {
        this.number = number;
        this.line = line;
        this.values = values;
        this.error = error != null ? error : nulError(values);
        this.content = content;
        this.format = format;
    }

    /** A record whose raw content is the given text. */
    public SourceRecord(long number, Long line, String raw, Map<String, String> values, String error) {
        this(number, line, values, error, raw, null);
    }

    /** A CSV record: its raw content is its cells, quoted by {@code format} when needed. */
    public static SourceRecord ofCells(long number, Long line, List<String> cells, Map<String, String> values,
                                       String error, Function<List<String>, String> format) {
        return new SourceRecord(number, line, values, error, List.copyOf(cells), format);
    }

    public static SourceRecord unreadable(long number, Long line, String raw, String error) {
        return new SourceRecord(number, line, raw, Map.of(), error);
    }

    public long number() {
        return number;
    }

    public Long line() {
        return line;
    }

    public Map<String, String> values() {
        return values;
    }

    public String error() {
        return error;
    }

    /** The raw content as the reject table can hold it (see {@link #escaped}). */
    @SuppressWarnings("unchecked")
    public String raw() {
        String raw = format == null ? (String) content : format.apply((List<String>) content);
        return raw == null ? null : escaped(raw);
    }

    /**
     * Whether text can be stored as it is: it holds no NUL character and no character standing for a byte that was not
     * UTF-8.
     */
    public static boolean storable(String text) {
        return firstUnstorable(text) == text.length();
    }

    /**
     * Text as the reject table can hold it: a NUL character (U+0000), which PostgreSQL cannot store as text, is
     * written as a backslash followed by u0000, and a byte that was not UTF-8 as a backslash, x and its two
     * hexadecimal digits ({@code \xC3}).
     */
    static String escaped(String text) {
        int first = firstUnstorable(text);
        if (first == text.length()) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                escaped.append("\\u0000");
            } else if (Utf8Reader.standsForByte(text, i)) {
                escaped.append(String.format("\\x%02X", Utf8Reader.byteOf(c)));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** The index of the first character of text that {@link #escaped} rewrites; its length when none. */
    private static int firstUnstorable(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) != '\u0000' && !Utf8Reader.standsForByte(text, i)) {
            i++;
        }
        return i;
    }

    /**
     * Why values cannot be stored: the first one holding a NUL character (U+0000), which PostgreSQL cannot store as
     * text; null when none does.
     */
    private static String nulError(Map<String, String> values) {
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (value.getValue() != null && value.getValue().indexOf('\u0000') >= 0) {
                return "has a NUL character (U+0000) in " + value.getKey() + ", which cannot be stored";
            }
        }
        return null;
    }

    public SourceRecord withValues(Map<String, String> newValues) {
        return new SourceRecord(number, line, newValues, error, content, format);
    }
}
