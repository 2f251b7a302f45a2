package org.stockbridge.api.stock;

import java.time.LocalDate;
import java.util.List;

/**
 * Units issued per UTC day at a site, every day from {@code from} to {@code to} (both included), zero on days without
 * issues. Issues that were later reversed do not count.
 */
record ConsumptionSeries(String site, String product, String unitOfIssue, LocalDate from, LocalDate to,
                         long totalIssued, List<Day> days) {

    record Day(LocalDate date, long issued) {
    }
}
