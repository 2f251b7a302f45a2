package org.stockbridge.batch.format;

import org.stockbridge.domain.shortage.ReportFields;
import org.stockbridge.domain.shortage.ReportType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of the Drug Shortages Canada website exports, every generation's name mapped to one field name of
 * {@link ReportFields}: {@code DIN} and {@code Drug Identification Number} are both {@code din}, {@code Shortage
 * Status} and {@code Discontinuation status} are both {@code status}, and so on.
 */
public final class DscExportColumns {

    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("report id", ReportFields.REPORT_ID),
            Map.entry("din", ReportFields.DIN),
            Map.entry("drug identification number", ReportFields.DIN),
            Map.entry("report type", ReportFields.TYPE),
            Map.entry("brand name", ReportFields.BRAND_NAME),
            Map.entry("company name", ReportFields.COMPANY_NAME),
            Map.entry("common or proper name", ReportFields.COMMON_NAME),
            Map.entry("ingredient name", ReportFields.INGREDIENTS),
            Map.entry("ingredients", ReportFields.INGREDIENTS),
            Map.entry("drug strength", ReportFields.STRENGTHS),
            Map.entry("strength(s)", ReportFields.STRENGTHS),
            Map.entry("packaging size", ReportFields.PACKAGING),
            Map.entry("drug route", ReportFields.ROUTE),
            Map.entry("route of administration", ReportFields.ROUTE),
            Map.entry("shortage status", ReportFields.STATUS),
            Map.entry("discontinuation status", ReportFields.STATUS),
            Map.entry("dosage form", ReportFields.DOSAGE_FORM),
            Map.entry("dosage form(s)", ReportFields.DOSAGE_FORM),
            Map.entry("atc code", ReportFields.ATC_CODE),
            Map.entry("atc description", ReportFields.ATC_DESCRIPTION),
            Map.entry("anticipated shortage start date", ReportFields.ANTICIPATED_START),
            Map.entry("anticipated start date", ReportFields.ANTICIPATED_START),
            Map.entry("shortage start date", ReportFields.ACTUAL_START),
            Map.entry("actual start date", ReportFields.ACTUAL_START),
            Map.entry("estimated shortage end date", ReportFields.ESTIMATED_END),
            Map.entry("estimated end date", ReportFields.ESTIMATED_END),
            Map.entry("actual shortage end date", ReportFields.ACTUAL_END),
            Map.entry("actual end date", ReportFields.ACTUAL_END),
            Map.entry("discontinuation date", ReportFields.DISCONTINUATION_DATE),
            Map.entry("anticipated discontinuation date", ReportFields.ANTICIPATED_DISCONTINUATION),
            Map.entry("discontinuation descision reversal", ReportFields.DECISION_REVERSAL),
            Map.entry("discontinuation decision reversal", ReportFields.DECISION_REVERSAL),
            Map.entry("reason", ReportFields.REASON),
            Map.entry("date created", ReportFields.CREATED),
            Map.entry("date updated", ReportFields.UPDATED),
            Map.entry("tier 3", ReportFields.TIER3));

    private DscExportColumns() {
    }

    /** The field a column holds; empty for a column Stockbridge does not keep. */
    public static Optional<String> field(String column) {
        return Optional.ofNullable(FIELDS.get(column.trim().toLowerCase(Locale.ROOT)));
    }

    /** Whether a one-value row is a section banner ({@code Shortage Reports}, {@code Discontinuation reports}). */
    public static boolean isBanner(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("shortage reports") || v.equals("discontinuation reports");
    }

    /** The report type a section banner starts. */
    public static ReportType bannerType(String value) {
        return value.trim().toLowerCase(Locale.ROOT).startsWith("discontinuation") ? ReportType.DISCONTINUATION
                : ReportType.SHORTAGE;
    }
}
