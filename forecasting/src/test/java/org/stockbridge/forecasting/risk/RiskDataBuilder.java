package org.stockbridge.forecasting.risk;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.stockbridge.domain.shortage.ReportType;

/** Builds small risk sources: shortage reports and DPD products written as the real files' columns. */
final class RiskDataBuilder {

    private final List<FiledReport> reports = new ArrayList<>();
    private final List<String[]> products = new ArrayList<>();
    private final List<String[]> ingredients = new ArrayList<>();
    private long nextId = 1;

    static RiskDataBuilder data() {
        return new RiskDataBuilder();
    }

    /** A shortage report last updated on its end date, or on its filing date when it has none. */
    RiskDataBuilder shortage(String ingredient, LocalDate filed, LocalDate ended, boolean tier3) {
        return shortage(ingredient, filed, ended, ended == null ? filed : ended, tier3);
    }

    RiskDataBuilder shortage(String ingredient, LocalDate filed, LocalDate ended, LocalDate updated, boolean tier3) {
        reports.add(new FiledReport(nextId++, ReportType.SHORTAGE, "0000000" + nextId, ingredient,
                "J01CA04", "COMPANY " + (nextId % 3), "7", filed, ended, updated, tier3, false));
        return this;
    }

    /** A shortage report on the given DIN and ATC code, by the given company as the report names it. */
    RiskDataBuilder shortage(String ingredient, String din, String atc, String company, LocalDate filed) {
        reports.add(new FiledReport(nextId++, ReportType.SHORTAGE, din, ingredient, atc, company, "7", filed, null,
                filed, false, false));
        return this;
    }

    RiskDataBuilder discontinuance(String ingredient, LocalDate filed) {
        reports.add(new FiledReport(nextId++, ReportType.DISCONTINUATION, "0000000" + nextId, ingredient,
                "J01CA04", "COMPANY", "Business reasons", filed, null, filed, false, false));
        return this;
    }

    /** A human product of the ingredient, marketed from {@code from}, cancelled on {@code to} (null: still marketed). */
    RiskDataBuilder product(String ingredient, String company, LocalDate from, LocalDate to) {
        return product(ingredient, company, "0" + (1000 + products.size()), from, to);
    }

    /** A human product of the ingredient with the given DIN. */
    RiskDataBuilder product(String ingredient, String company, String din, LocalDate from, LocalDate to) {
        String code = String.valueOf(1000 + products.size());
        products.add(new String[] {din, code, "Human", "BRAND " + code, "", company, "1", "0", to == null
                ? "Marketed" : "Cancelled Post Market", to == null ? from.toString() : to.toString(), from.toString(),
            "J01CA04", "AMOXICILLIN", "Capsule", "Oral", "2025-03-22"});
        ingredients.add(new String[] {"0" + code, code, ingredient, "500", "MG", "", ""});
        return this;
    }

    /** The sources; the DPD always holds at least one unrelated marketed product, as a real one would. */
    RiskSources build() {
        List<FiledReport> sorted = new ArrayList<>(reports);
        sorted.sort(java.util.Comparator.comparing(FiledReport::filed));
        return build(sorted);
    }

    /** The sources with the U.S. shortages given. */
    RiskSources build(FdaShortages fda) {
        List<FiledReport> sorted = new ArrayList<>(reports);
        sorted.sort(java.util.Comparator.comparing(FiledReport::filed));
        return build(sorted, fda);
    }

    /** The sources with the given reports (sorted by filing date) instead of the ones added here. */
    RiskSources build(List<FiledReport> sorted) {
        return build(sorted, FdaShortages.none());
    }

    /** The sources with the given reports (sorted by filing date) and U.S. shortages. */
    RiskSources build(List<FiledReport> sorted, FdaShortages fda) {
        if (products.isEmpty()) {
            product("UNRELATED", "OTHER", LocalDate.of(2000, 1, 1), null);
        }
        try {
            MarketedProducts dpd = MarketedProducts.read(new StringReader(csv(List.of("din", "drug_code",
                    "class_name", "brand_name", "descriptor", "company_name", "number_of_ais", "ai_group_no",
                    "status", "status_history_date", "original_market_date", "atc_codes", "atc_names",
                    "dosage_forms", "routes", "last_update_date"), products)), new StringReader(csv(List.of("din",
                    "drug_code", "ingredient_name", "strength", "strength_unit", "dosage_value", "dosage_unit"),
                    ingredients)));
            return new RiskSources(sorted, 0, dpd, fda, "built");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csv(List<String> header, List<String[]> rows) throws IOException {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(header.toArray(String[]::new)).get())) {
            for (String[] row : rows) {
                printer.printRecord((Object[]) row);
            }
        }
        return out.toString();
    }
}
