package org.stockbridge.forecasting.risk;

import java.time.LocalDate;
import java.util.Objects;
import org.stockbridge.domain.shortage.ReportType;

/**
 * One Drug Shortages Canada report as far as risk features need it, placed in time by its filing. Only {@code filed}
 * (the report's creation date) is known when the report appears; the end date and the tier 3 assessment are entered
 * later, and the file keeps only the report's last state and the day of its last update ({@code updated}). So an end
 * date or a tier 3 flag is known on a day only when the report was last updated before it ({@link #settledBefore}):
 * for a report updated later, the file cannot tell when they were entered.
 *
 * @param ingredient the ingredient key ({@link Ingredients#key}) of the reported product
 * @param reason     the shortage reason category or the discontinuation reason ({@code null} when none is given)
 * @param ended      the actual end date, when one was entered (by the day of the last update)
 * @param updated    the day of the report's last update, {@code null} when the file gives none
 */
public record FiledReport(long id, ReportType type, String din, String ingredient, String atc, String company,
                          String reason, LocalDate filed, LocalDate ended, LocalDate updated, boolean tier3,
                          boolean late) {

    public FiledReport {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(ingredient, "ingredient must not be null");
        Objects.requireNonNull(filed, "filed must not be null");
    }

    /** Whether the report as the file holds it (end date, tier 3) was already its state before the day. */
    public boolean settledBefore(LocalDate day) {
        return updated != null && updated.isBefore(day);
    }

    /** The report as history knew it before the day: filed before it, end date and tier 3 only when settled. */
    public FiledReport asKnownBefore(LocalDate day) {
        if (!filed.isBefore(day)) {
            throw new IllegalArgumentException("report " + id + " was filed on " + filed + ", not before " + day);
        }
        return settledBefore(day) ? this
                : new FiledReport(id, type, din, ingredient, atc, company, reason, filed, null, null, false, late);
    }
}
