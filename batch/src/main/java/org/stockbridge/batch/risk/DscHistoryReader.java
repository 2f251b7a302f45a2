package org.stockbridge.batch.risk;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.stockbridge.batch.format.RejectedRecordException;
import org.stockbridge.batch.format.ReportMapper;
import org.stockbridge.batch.format.SourceFormat;
import org.stockbridge.batch.format.UnrecognisedFormatException;
import org.stockbridge.batch.ingest.SourceFile;
import org.stockbridge.batch.ingest.SourceRecord;
import org.stockbridge.batch.ingest.SourceRecordReader;
import org.stockbridge.domain.shortage.ReportFields;
import org.stockbridge.domain.shortage.ReportType;
import org.stockbridge.domain.shortage.ShortageReport;
import org.stockbridge.domain.shortage.ShortageSource;
import org.stockbridge.forecasting.risk.FiledReport;
import org.stockbridge.forecasting.risk.Ingredients;

/**
 * Reads the Drug Shortages Canada report history ({@value #FILE}) as the ingest reads it: the format recognised from
 * the content, the records read by {@link SourceRecordReader}, each mapped by {@link ReportMapper} to the domain's
 * {@link ShortageReport}. A record the mapping refuses, or a report without a creation date or an ingredient (it cannot
 * be placed in time or attributed), is counted as rejected. Dates, type, company, ATC code and tier 3 come from the
 * domain report, and so does the day of the report's last update ({@code updated_date}), which says when
 * its end date and tier 3 flag were known at the latest. Four values are taken from the record as the file writes them: {@code shortage_reason_id} (the reason
 * category the risk features group by) and {@code late_submission}, which the domain report does not keep; and
 * {@code din} and {@code en_ingredients}, which the domain report keeps differently from what the risk model was
 * trained and backtested on: a blank DIN becomes null there (the risk features count it as a DIN), and an ingredient
 * list is split on {@code "; "} as well as on line breaks (one report, 4420, names three ingredients on one line).
 */
public final class DscHistoryReader {

    public static final String FILE = "dsc-api-history-rxwatch/dsc_reports_2017-03_to_2024-12.csv";

    /**
     * The reports read, by filing date then id, how many records were rejected, and how many reports are keyed
     * differently than by their ingredient names as written (the salt in brackets dropped, {@link Ingredients#moiety}).
     */
    public record Read(List<FiledReport> reports, int rejected, int rekeyed) {

        /** The last filing date in the file: the newest day the history speaks for. */
        public LocalDate lastFiled() {
            return reports.stream().map(FiledReport::filed).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private DscHistoryReader() {
    }

    /** Reads the file; a file that cannot be read, or holds no report, is refused with an IllegalArgumentException. */
    public static Read read(Path file) {
        SourceFormat format;
        try {
            format = SourceFile.inspect(file).format();
        } catch (UnrecognisedFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (format.source() != ShortageSource.DSC || format.kind() != SourceFormat.Kind.CSV) {
            throw new IllegalArgumentException(file + " is not a Drug Shortages Canada report history but "
                    + format.description());
        }
        List<FiledReport> reports = new ArrayList<>();
        int rejected = 0;
        int rekeyed = 0;
        SourceRecordReader reader = new SourceRecordReader(file, format);
        reader.open(new ExecutionContext());
        try {
            for (SourceRecord record = reader.read(); record != null; record = reader.read()) {
                FiledReport report = record.error() == null ? filed(format, record.values()) : null;
                if (report == null) {
                    rejected++;
                } else {
                    reports.add(report);
                    rekeyed += report.ingredient().equals(namesKey(record.values().get("en_ingredients"))) ? 0 : 1;
                }
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("could not read the shortage report history " + file + ": "
                    + e.getMessage(), e);
        } finally {
            reader.close();
        }
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("no report of " + file + " has a creation date and an ingredient");
        }
        reports.sort(Comparator.comparing(FiledReport::filed).thenComparingLong(FiledReport::id));
        return new Read(List.copyOf(reports), rejected, rekeyed);
    }

    /** The filed report of a record; null when it is refused or cannot be placed in time or attributed. */
    static FiledReport filed(SourceFormat format, Map<String, String> values) {
        ShortageReport report;
        try {
            report = ReportMapper.map(format, values);
        } catch (RejectedRecordException e) {
            return null;
        }
        LocalDate filed = report.date(ReportFields.CREATED);
        String ingredient = Ingredients.key(values.get("en_ingredients"));
        if (filed == null || ingredient.isEmpty()) {
            return null;
        }
        ReportType type = report.type();
        String reason = type == ReportType.SHORTAGE ? blankToNull(values.get("shortage_reason_id"))
                : report.text(ReportFields.REASON);
        return new FiledReport(Long.parseLong(report.sourceKey()), type, values.get("din"), ingredient,
                report.text(ReportFields.ATC_CODE), report.text(ReportFields.COMPANY_NAME), reason, filed,
                report.date(ReportFields.ACTUAL_END), report.date(ReportFields.UPDATED),
                Boolean.TRUE.equals(report.flag(ReportFields.TIER3)),
                "true".equalsIgnoreCase(values.get("late_submission")));
    }

    /** The key of the ingredient names as written, without reducing them to their moiety. */
    private static String namesKey(String ingredients) {
        return ingredients == null ? "" : Arrays.stream(ingredients.split("[\\r\\n]+")).map(Ingredients::name)
                .filter(s -> !s.isEmpty()).distinct().sorted().collect(Collectors.joining(" + "));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
