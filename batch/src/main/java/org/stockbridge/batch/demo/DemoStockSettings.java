package org.stockbridge.batch.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How much demo stock to generate.
 *
 * @param seed            the generator's seed: the same seed, size and end date give the same ledger
 * @param days            how many days of history, ending on {@code endDate}
 * @param endDate         the last day of history; {@code null} for yesterday (UTC)
 * @param dispensingSites how many of the HHS locator's dispensing sites get stock (spread over the ten HHS regions)
 * @param drugGroups      how many cross-border equivalence groups the depots stock (one product per country each)
 */
public record DemoStockSettings(long seed, int days, LocalDate endDate, int dispensingSites, int drugGroups) {

    public static final long DEFAULT_SEED = 20_261_201L;

    public DemoStockSettings {
        if (days < 28 || days > 3660) {
            throw new IllegalArgumentException("stockbridge.demo.days must be between 28 and 3660, was " + days);
        }
        if (dispensingSites < 0 || dispensingSites > 2000) {
            throw new IllegalArgumentException(
                    "stockbridge.demo.dispensing-sites must be between 0 and 2000, was " + dispensingSites);
        }
        if (drugGroups < 0 || drugGroups > 200) {
            throw new IllegalArgumentException("stockbridge.demo.drug-groups must be between 0 and 200, was "
                    + drugGroups);
        }
    }

    /** The defaults: two years ending yesterday, 24 dispensing sites, 12 drug groups. */
    public static DemoStockSettings defaults() {
        return new DemoStockSettings(DEFAULT_SEED, 730, null, 24, 12);
    }

    public LocalDate resolvedEndDate() {
        return endDate != null ? endDate : LocalDate.now(ZoneOffset.UTC).minusDays(1);
    }

    public LocalDate startDate() {
        return resolvedEndDate().minusDays(days - 1L);
    }
}
