package org.stockbridge.forecasting.risk;

import java.time.LocalDate;
import java.util.Objects;
import org.stockbridge.domain.shortage.ReportType;

/**
 * One Drug Shortages Canada report as far as risk features need it, placed in time by its filing. Only {@code filed}
 * (the report's creation date) is known when the report appears; start and end dates can be entered or changed later,
 * and the tier 3 assessment comes after filing.
 *
 * @param ingredient the ingredient key ({@link Ingredients#key}) of the reported product
 * @param reason     the shortage reason category or the discontinuation reason ({@code null} when none is given)
 * @param ended      the actual end date, when one was entered
 */
public record FiledReport(long id, ReportType type, String din, String ingredient, String atc, String company,
                          String reason, LocalDate filed, LocalDate ended, boolean tier3, boolean late) {

    public FiledReport {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(ingredient, "ingredient must not be null");
        Objects.requireNonNull(filed, "filed must not be null");
    }
}
