package org.stockbridge.forecasting.risk;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.stockbridge.domain.shortage.ReportType;

/**
 * Reads the Drug Shortages Canada report history ({@code dsc-api-history-rxwatch/dsc_reports_*.csv}) as it is:
 * RFC 4180 quoting with embedded line breaks, ISO-8601 timestamps with offsets, sentinel dates such as
 * {@code 0001-01-01T00:00:00-05:17} (read as no date), multi-valued ingredients. A row without a creation date or an
 * ingredient cannot be placed in time or attributed, and is counted as rejected.
 */
public final class ShortageReports {

    public static final String FILE = "dsc-api-history-rxwatch/dsc_reports_2017-03_to_2024-12.csv";

    /** The reports read and how many rows were rejected. */
    public record Read(List<FiledReport> reports, int rejected) {

        /** The last filing date in the file: the newest day the history speaks for. */
        public LocalDate lastFiled() {
            return reports.stream().map(FiledReport::filed).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private ShortageReports() {
    }

    public static Read read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the shortage report history " + file, e);
        }
    }

    public static Read read(Reader reader) {
        List<FiledReport> reports = new ArrayList<>();
        int rejected = 0;
        try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            if (!csv.getHeaderMap().containsKey("created_date") || !csv.getHeaderMap().containsKey("en_ingredients")) {
                throw new IllegalArgumentException("not a DSC report history: no created_date or en_ingredients "
                        + "column in " + csv.getHeaderNames());
            }
            for (CSVRecord row : csv) {
                LocalDate filed = date(row.get("created_date"));
                String ingredient = Ingredients.key(row.get("en_ingredients"));
                if (filed == null || ingredient.isEmpty()) {
                    rejected++;
                    continue;
                }
                ReportType type = "discontinuance".equalsIgnoreCase(row.get("type"))
                        ? ReportType.DISCONTINUATION : ReportType.SHORTAGE;
                String reason = type == ReportType.SHORTAGE ? row.get("shortage_reason_id")
                        : row.get("discontinuance_reason_en");
                reports.add(new FiledReport(Long.parseLong(row.get("id")), type, row.get("din"), ingredient,
                        blankToNull(row.get("atc_number")), blankToNull(row.get("company_name")),
                        blankToNull(reason), filed, date(row.get("actual_end_date")),
                        "true".equalsIgnoreCase(row.get("tier_3")),
                        "true".equalsIgnoreCase(row.get("late_submission"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the shortage report history", e);
        }
        reports.sort(Comparator.comparing(FiledReport::filed).thenComparingLong(FiledReport::id));
        return new Read(List.copyOf(reports), rejected);
    }

    /** The local date of an ISO-8601 timestamp; null when blank, unreadable or a sentinel before 1900. */
    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            LocalDate date = OffsetDateTime.parse(text.trim()).toLocalDate();
            return date.getYear() < 1900 ? null : date;
        } catch (DateTimeParseException e) {
            try {
                LocalDate date = LocalDate.parse(text.trim().substring(0, Math.min(10, text.trim().length())));
                return date.getYear() < 1900 ? null : date;
            } catch (DateTimeParseException | StringIndexOutOfBoundsException again) {
                return null;
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
