package org.stockbridge.batch.format;

import org.stockbridge.domain.shortage.Availability;
import org.stockbridge.domain.shortage.DscStatus;
import org.stockbridge.domain.shortage.Lifecycle;
import org.stockbridge.domain.shortage.ReportFields;
import org.stockbridge.domain.shortage.ReportType;
import org.stockbridge.domain.shortage.ShortageReport;
import org.stockbridge.domain.shortage.ShortageSource;
import org.stockbridge.domain.shortage.SourceDates;
import org.stockbridge.domain.shortage.SourceText;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one source record (its own column or JSON field names; nested JSON flattened with dots, arrays joined with
 * {@code "; "}) into a {@link ShortageReport}: the DSC status kept as its API code and mapped to the lifecycle,
 * dates read by {@link SourceDates}, lists split by the format's separator, the DIN checked. A record that cannot be
 * read is refused with a {@link RejectedRecordException} that says why.
 */
public final class ReportMapper {

    private static final Pattern DIN = Pattern.compile("\\d{1,8}");
    private static final Map<String, Pattern> SEPARATORS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern NDC = Pattern.compile("\\d{4,5}-\\d{3,4}(-\\d{1,2})?");
    private static final Map<String, String> API = Map.ofEntries(
            Map.entry("type", ReportFields.TYPE), Map.entry("type.label", ReportFields.TYPE),
            Map.entry("status", ReportFields.STATUS), Map.entry("din", ReportFields.DIN),
            Map.entry("company_name", ReportFields.COMPANY_NAME),
            Map.entry("en_drug_brand_name", ReportFields.BRAND_NAME),
            Map.entry("en_drug_common_name", ReportFields.COMMON_NAME),
            Map.entry("en_ingredients", ReportFields.INGREDIENTS), Map.entry("drug_strength", ReportFields.STRENGTHS),
            Map.entry("drug_dosage_form", ReportFields.DOSAGE_FORM), Map.entry("drug_route", ReportFields.ROUTE),
            Map.entry("drug_package_quantity", ReportFields.PACKAGING), Map.entry("atc_number", ReportFields.ATC_CODE),
            Map.entry("atc_description", ReportFields.ATC_DESCRIPTION),
            Map.entry("anticipated_start_date", ReportFields.ANTICIPATED_START),
            Map.entry("actual_start_date", ReportFields.ACTUAL_START),
            Map.entry("estimated_end_date", ReportFields.ESTIMATED_END),
            Map.entry("actual_end_date", ReportFields.ACTUAL_END),
            Map.entry("anticipated_discontinuation_date", ReportFields.ANTICIPATED_DISCONTINUATION),
            Map.entry("discontinuation_date", ReportFields.DISCONTINUATION_DATE),
            Map.entry("created_date", ReportFields.CREATED), Map.entry("updated_date", ReportFields.UPDATED),
            Map.entry("tier_3", ReportFields.TIER3), Map.entry("decision_reversal", ReportFields.DECISION_REVERSAL),
            Map.entry("en_comments", ReportFields.COMMENTS));
    private static final Set<String> DATES = Set.of(ReportFields.ANTICIPATED_START, ReportFields.ACTUAL_START,
            ReportFields.ESTIMATED_END, ReportFields.ACTUAL_END, ReportFields.ANTICIPATED_DISCONTINUATION,
            ReportFields.DISCONTINUATION_DATE, ReportFields.CREATED, ReportFields.UPDATED, ReportFields.DELISTED_ON);
    private static final Set<String> LISTS = Set.of(ReportFields.INGREDIENTS, ReportFields.STRENGTHS,
            ReportFields.DOSAGE_FORM, ReportFields.ROUTE);

    private ReportMapper() {
    }

    public static ShortageReport map(SourceFormat format, Map<String, String> record) {
        try {
            return switch (format) {
                case DSC_EXPORT_2017, DSC_EXPORT_2018, DSC_EXPORT_2023 -> dscExport(format, record);
                case DSC_API_CSV, DSC_API_REPORTS, DSC_API_SEARCH_PAGE -> dscApi(record);
                case DRUGSHORTAGES_CA_CSV -> voluntary(record);
                case OPENFDA_SHORTAGES -> fda(record);
                case DPD_PRODUCTS, DPD_INGREDIENTS -> throw new IllegalArgumentException(
                        format.description() + " holds no shortage reports");
            };
        } catch (IllegalArgumentException e) {
            throw new RejectedRecordException(e.getMessage());
        }
    }

    private static ShortageReport dscExport(SourceFormat format, Map<String, String> record) {
        Map<String, String> fields = new LinkedHashMap<>();
        String id = null;
        for (Map.Entry<String, String> column : record.entrySet()) {
            Optional<String> field = DscExportColumns.field(column.getKey());
            if (field.isEmpty()) {
                continue;
            }
            if (field.get().equals(ReportFields.REPORT_ID)) {
                id = column.getValue();
            } else {
                fields.put(field.get(), column.getValue());
            }
        }
        String separator = format == SourceFormat.DSC_EXPORT_2023 ? ";" : null;
        return dsc(id, fields, separator);
    }

    private static ShortageReport dscApi(Map<String, String> record) {
        Map<String, String> fields = new LinkedHashMap<>(64);
        for (Map.Entry<String, String> column : record.entrySet()) {
            String field = API.get(column.getKey());
            if (field != null) {
                fields.put(field, column.getValue());
            }
        }
        if (blank(fields.get(ReportFields.DIN)) && !blank(record.get("drug.din"))) {
            fields.put(ReportFields.DIN, record.get("drug.din"));
        }
        String reason = first(record, "shortage_reason_en", "shortage_reason.en_reason", "discontinuance_reason_en",
                "discontinuance_reason.en_reason");
        fields.put(ReportFields.REASON, reason);
        fields.put(ReportFields.UPDATED_AT, updatedAt(fields.get(ReportFields.UPDATED)));
        return dsc(record.get("id"), fields, "\r?\n");
    }

    private static ShortageReport dsc(String id, Map<String, String> fields, String listSeparator) {
        String reportId = required(id, "report id");
        if (!reportId.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("report id '" + reportId + "' is not a number");
        }
        String type = required(fields.get(ReportFields.TYPE), "report type").toLowerCase(Locale.ROOT);
        ReportType reportType = type.startsWith("disc") ? ReportType.DISCONTINUATION
                : type.startsWith("short") ? ReportType.SHORTAGE : null;
        if (reportType == null) {
            throw new IllegalArgumentException("report type '" + fields.get(ReportFields.TYPE)
                    + "' is neither shortage nor discontinuation");
        }
        fields.put(ReportFields.TYPE, reportType.name());
        DscStatus status = DscStatus.of(required(fields.get(ReportFields.STATUS), "status"));
        Lifecycle lifecycle = Lifecycle.ofDsc(status.code());
        Boolean reversal = yesNo(fields.get(ReportFields.DECISION_REVERSAL));
        if (fields.containsKey(ReportFields.DECISION_REVERSAL)) {
            fields.put(ReportFields.DECISION_REVERSAL, reversal == null ? null : reversal.toString());
        }
        if (Boolean.TRUE.equals(reversal) && reportType == ReportType.DISCONTINUATION) {
            lifecycle = Lifecycle.REVERSED;
        }
        fields.put(ReportFields.STATUS, status.code());
        fields.put(ReportFields.LIFECYCLE, lifecycle.name());
        if (fields.containsKey(ReportFields.TIER3)) {
            Boolean tier3 = yesNo(fields.get(ReportFields.TIER3));
            fields.put(ReportFields.TIER3, tier3 == null ? null : tier3.toString());
        }
        fields.put(ReportFields.DIN, din(fields.get(ReportFields.DIN)));
        normalise(fields, listSeparator);
        return new ShortageReport(ShortageSource.DSC, reportId, fields);
    }

    private static ShortageReport voluntary(Map<String, String> record) {
        Map<String, String> fields = new LinkedHashMap<>();
        boolean discontinued = Boolean.TRUE.equals(yesNo(record.get("discontinued")));
        String outcome = required(record.get("outcome"), "outcome");
        fields.put(ReportFields.TYPE, ReportType.SHORTAGE.name());
        fields.put(ReportFields.STATUS, outcome.trim());
        fields.put(ReportFields.LIFECYCLE, Lifecycle.ofVoluntary(outcome, discontinued).name());
        fields.put(ReportFields.DIN, din(record.get("din")));
        fields.put(ReportFields.BRAND_NAME, record.get("product_name"));
        fields.put(ReportFields.COMMON_NAME, record.get("drug_name"));
        fields.put(ReportFields.INGREDIENTS, record.get("drug_name"));
        fields.put(ReportFields.COMPANY_NAME, record.get("company_name"));
        fields.put(ReportFields.STRENGTHS, record.get("dose"));
        fields.put(ReportFields.DOSAGE_FORM, record.get("pharmaceutical_form"));
        fields.put(ReportFields.ROUTE, record.get("route_of_administration"));
        fields.put(ReportFields.ACTUAL_START, record.get("start_date"));
        fields.put(ReportFields.CREATED, record.get("start_date"));
        fields.put(ReportFields.UPDATED, record.get("last_updated"));
        fields.put(ReportFields.ESTIMATED_END, record.get("est_resupply_date"));
        fields.put(ReportFields.DISCONTINUATION_DATE, record.get("discontinuation_date"));
        normalise(fields, null);
        LocalDate start = SourceDates.parse(record.get("start_date"));
        String din = fields.get(ReportFields.DIN);
        String key = String.join("|", din == null ? "no DIN" : din,
                start == null ? "" : start.toString(), required(record.get("product_name"), "product_name").trim()
                        .toUpperCase(Locale.ROOT));
        return new ShortageReport(ShortageSource.DRUGSHORTAGES_CA, key, fields);
    }

    private static ShortageReport fda(Map<String, String> record) {
        String packageNdc = required(record.get("package_ndc"), "package_ndc").trim();
        if (!NDC.matcher(packageNdc).matches()) {
            throw new IllegalArgumentException("package_ndc '" + packageNdc + "' is not an NDC such as 0409-6695-02");
        }
        String generic = required(record.get("generic_name"), "generic_name");
        String company = required(record.get("company_name"), "company_name");
        String status = required(record.get("status"), "status");
        Map<String, String> fields = new LinkedHashMap<>();
        Lifecycle lifecycle = Lifecycle.ofFda(status);
        fields.put(ReportFields.TYPE, (lifecycle == Lifecycle.TO_BE_DISCONTINUED || lifecycle == Lifecycle.DISCONTINUED
                ? ReportType.DISCONTINUATION : ReportType.SHORTAGE).name());
        fields.put(ReportFields.STATUS, status.trim());
        fields.put(ReportFields.LIFECYCLE, lifecycle.name());
        fields.put(ReportFields.PACKAGE_NDC, packageNdc);
        String productNdc = first(record, "openfda.product_ndc");
        if (productNdc != null && productNdc.contains(ShortageReport.LIST_SEPARATOR.trim())) {
            productNdc = productNdc.split(";")[0].trim();
        }
        if (productNdc == null && packageNdc.chars().filter(c -> c == '-').count() == 2) {
            productNdc = packageNdc.substring(0, packageNdc.lastIndexOf('-'));
        }
        fields.put(ReportFields.PRODUCT_NDC, productNdc);
        String brand = first(record, "openfda.brand_name");
        fields.put(ReportFields.BRAND_NAME, brand == null ? null : brand.split(";")[0].trim());
        fields.put(ReportFields.COMMON_NAME, generic);
        fields.put(ReportFields.COMPANY_NAME, company);
        fields.put(ReportFields.INGREDIENTS, first(record, "openfda.substance_name"));
        fields.put(ReportFields.DOSAGE_FORM, record.get("dosage_form"));
        fields.put(ReportFields.ROUTE, first(record, "openfda.route"));
        fields.put(ReportFields.PACKAGING, record.get("presentation"));
        fields.put(ReportFields.REASON, record.get("shortage_reason"));
        fields.put(ReportFields.CREATED, record.get("initial_posting_date"));
        fields.put(ReportFields.UPDATED, record.get("update_date"));
        fields.put(ReportFields.DISCONTINUATION_DATE, record.get("discontinued_date"));
        if (lifecycle == Lifecycle.RESOLVED) {
            fields.put(ReportFields.ACTUAL_END, record.get("change_date"));
        }
        String availability = record.get("availability");
        Availability normalised = Availability.of(availability);
        fields.put(ReportFields.AVAILABILITY, normalised == null ? null : normalised.name());
        fields.put(ReportFields.AVAILABILITY_TEXT, availability);
        fields.put(ReportFields.THERAPEUTIC_CATEGORY, record.get("therapeutic_category"));
        String related = record.get("related_info");
        String resolvedNote = record.get("resolved_note");
        fields.put(ReportFields.COMMENTS, blank(resolvedNote) ? related
                : blank(related) ? resolvedNote : related + "\n" + resolvedNote);
        fields.put(ReportFields.LISTED, "true");
        fields.put(ReportFields.DELISTED_ON, null);
        normalise(fields, ";");
        LocalDate posted = SourceDates.parse(record.get("initial_posting_date"));
        String key = String.join("|", packageNdc, SourceText.collapse(generic), SourceText.collapse(company),
                posted == null ? "" : posted.toString());
        return new ShortageReport(ShortageSource.FDA, key, fields);
    }

    /** Trims, reads dates, splits lists by {@code listSeparator} (a regex; null keeps a list as one value). */
    private static void normalise(Map<String, String> fields, String listSeparator) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String value = field.getValue();
            if (value == null) {
                continue;
            }
            value = value.strip();
            if (DATES.contains(field.getKey())) {
                LocalDate date;
                try {
                    date = SourceDates.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(field.getKey() + ": " + e.getMessage());
                }
                value = date == null ? null : date.toString();
            } else if (LISTS.contains(field.getKey()) && listSeparator != null) {
                List<String> parts = new ArrayList<>();
                for (String part : SEPARATORS.computeIfAbsent(listSeparator, Pattern::compile).split(value)) {
                    if (!part.isBlank()) {
                        parts.add(SourceText.collapse(part));
                    }
                }
                value = String.join(ShortageReport.LIST_SEPARATOR, parts);
            } else if (!field.getKey().equals(ReportFields.COMMENTS)) {
                value = SourceText.collapse(value);
            }
            field.setValue(value == null || value.isEmpty() ? null : value);
        }
    }

    /** The instant of an update timestamp; null when it has none (a date that is no date is refused with its field). */
    private static String updatedAt(String updated) {
        try {
            return SourceDates.instant(updated);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String din(String value) {
        if (blank(value)) {
            return null;
        }
        String din = value.trim();
        if (!DIN.matcher(din).matches()) {
            throw new IllegalArgumentException("DIN '" + din + "' is not a number of up to 8 digits");
        }
        return "0".repeat(8 - din.length()) + din;
    }

    private static Boolean yesNo(String value) {
        if (blank(value)) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "y", "1" -> true;
            case "no", "false", "n", "0" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is neither yes nor no");
        };
    }

    private static String first(Map<String, String> record, String... names) {
        for (String name : names) {
            String value = record.get(name);
            if (!blank(value)) {
                return value;
            }
        }
        return null;
    }

    private static String required(String value, String name) {
        if (blank(value)) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value.trim();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
