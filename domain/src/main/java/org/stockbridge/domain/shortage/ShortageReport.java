package org.stockbridge.domain.shortage;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stockbridge.domain.Jurisdiction;

/**
 * One shortage or discontinuation report as its source last stated it: who published it ({@code source}), its key
 * there ({@code sourceKey}: the DSC report id; for the FDA the package NDC, generic name, company and
 * initial posting date, since one package NDC can carry two postings) and its
 * fields ({@link ReportFields}), each a text value or null. A field a source format does not carry is absent, which
 * is not the same as present and empty: merging a later record changes only the fields that record carries.
 * Dates are ISO {@code YYYY-MM-DD}, lists are joined with {@value #LIST_SEPARATOR}, flags are {@code true}/{@code false}.
 */
public record ShortageReport(ShortageSource source, String sourceKey, Map<String, String> fields) {

    public static final String LIST_SEPARATOR = "; ";
    private static final java.util.regex.Pattern LIST = java.util.regex.Pattern.compile(LIST_SEPARATOR, java.util.regex.Pattern.LITERAL);

    public ShortageReport {
        if (source == null) {
            throw new IllegalArgumentException("source must not be null");
        }
        if (sourceKey == null || sourceKey.isBlank()) {
            throw new IllegalArgumentException("sourceKey must not be blank");
        }
        Map<String, String> ordered = new LinkedHashMap<>(64);
        for (String field : ReportFields.CONTENT) {
            if (fields.containsKey(field)) {
                String value = fields.get(field);
                ordered.put(field, value == null || value.isEmpty() ? null : value);
            }
        }
        for (String field : fields.keySet()) {
            if (!ordered.containsKey(field)) {
                throw new IllegalArgumentException("unknown report field " + field);
            }
        }
        for (String required : List.of(ReportFields.TYPE, ReportFields.STATUS, ReportFields.LIFECYCLE)) {
            if (ordered.get(required) == null) {
                throw new IllegalArgumentException(required + " must not be blank");
            }
        }
        ReportType.valueOf(ordered.get(ReportFields.TYPE));
        Lifecycle.valueOf(ordered.get(ReportFields.LIFECYCLE));
        fields = Collections.unmodifiableMap(ordered);
    }

    public Jurisdiction country() {
        return source.country();
    }

    public ReportType type() {
        return ReportType.valueOf(fields.get(ReportFields.TYPE));
    }

    public Lifecycle lifecycle() {
        return Lifecycle.valueOf(fields.get(ReportFields.LIFECYCLE));
    }

    public String sourceStatus() {
        return fields.get(ReportFields.STATUS);
    }

    public String text(String field) {
        return fields.get(field);
    }

    public LocalDate date(String field) {
        String value = fields.get(field);
        return value == null ? null : SourceDates.stored(value);
    }

    public List<String> list(String field) {
        String value = fields.get(field);
        return value == null ? List.of() : Arrays.stream(LIST.split(value)).toList();
    }

    public Boolean flag(String field) {
        String value = fields.get(field);
        return value == null ? null : Boolean.valueOf(value);
    }

    public boolean listed() {
        return !Boolean.FALSE.equals(flag(ReportFields.LISTED));
    }

    /**
     * Whether the report describes a shortage in effect on {@code day}: a shortage (not a discontinuation) that
     * actually happened (active, resolved with its end date, or archived with its start: its source ended while it
     * was still open), started on or before that day (its actual start, else the day it was reported), not yet ended,
     * and still listed by its source on that day (an archived report is closed on the day its source ended).
     */
    public boolean activeOn(LocalDate day) {
        if (type() != ReportType.SHORTAGE) {
            return false;
        }
        Lifecycle lifecycle = lifecycle();
        LocalDate end = date(ReportFields.ACTUAL_END);
        if (lifecycle != Lifecycle.ACTIVE && !(lifecycle == Lifecycle.RESOLVED && end != null)
                && !(lifecycle == Lifecycle.ARCHIVED && date(ReportFields.ACTUAL_START) != null)) {
            return false;
        }
        LocalDate start = date(ReportFields.ACTUAL_START) != null ? date(ReportFields.ACTUAL_START)
                : date(ReportFields.CREATED);
        LocalDate delisted = date(ReportFields.DELISTED_ON);
        return start != null && !start.isAfter(day) && (end == null || !end.isBefore(day))
                && (delisted == null || delisted.isAfter(day));
    }

    /** This report with some fields replaced (a null value clears a field). */
    public ShortageReport with(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(fields);
        merged.putAll(changes);
        return new ShortageReport(source, sourceKey, merged);
    }
}
