package org.stockbridge.batch.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How much demo stock to generate.
 *
 * @param seed               the generator's seed: the same seed, size and end date give the same ledger
 * @param days               how many days of history, ending on {@code endDate}
 * @param endDate            the last day of history; {@code null} for yesterday (UTC)
 * @param dispensingSites    how many of the HHS locator's dispensing sites get stock (taken region by region in turn,
 *                           in an order the seed fixes)
 * @param drugGroups         how many cross-border equivalence groups the depots stock (one product per country each)
 * @param dispensingProducts how many products of the U.S. depot range each dispensing site stocks besides Evusheld
 *                           (the N95 and surgical masks first, then the other PPE, then the depots' drugs)
 */
public record DemoStockSettings(long seed, int days, LocalDate endDate, int dispensingSites, int drugGroups,
                                int dispensingProducts) {

    public static final long DEFAULT_SEED = 20_261_201L;
    /** The default's dispensing sites stock the N95 and surgical masks of the depot range. */
    public static final int DEFAULT_DISPENSING_PRODUCTS = 2;
    /** As many as the HHS therapeutics locator lists (2,910 sites). */
    public static final int MAX_DISPENSING_SITES = 3_000;

    public DemoStockSettings {
        if (days < 28 || days > 3660) {
            throw new IllegalArgumentException("stockbridge.demo.days must be between 28 and 3660, was " + days);
        }
        if (dispensingSites < 0 || dispensingSites > MAX_DISPENSING_SITES) {
            throw new IllegalArgumentException("stockbridge.demo.dispensing-sites must be between 0 and "
                    + MAX_DISPENSING_SITES + ", was " + dispensingSites);
        }
        if (drugGroups < 0 || drugGroups > 200) {
            throw new IllegalArgumentException("stockbridge.demo.drug-groups must be between 0 and 200, was "
                    + drugGroups);
        }
        if (dispensingProducts < 0 || dispensingProducts > 208) {
            throw new IllegalArgumentException("stockbridge.demo.dispensing-products must be between 0 and 208, was "
                    + dispensingProducts);
        }
    }

    /** The settings of a run before dispensing sites could stock more than the masks. */
    public DemoStockSettings(long seed, int days, LocalDate endDate, int dispensingSites, int drugGroups) {
        this(seed, days, endDate, dispensingSites, drugGroups, DEFAULT_DISPENSING_PRODUCTS);
    }

    /** The defaults: two years ending yesterday, 24 dispensing sites, 12 drug groups (the {@code 1x} profile). */
    public static DemoStockSettings defaults() {
        return DemoSize.X1.settings();
    }

    public LocalDate resolvedEndDate() {
        return endDate != null ? endDate : LocalDate.now(ZoneOffset.UTC).minusDays(1);
    }

    public LocalDate startDate() {
        return resolvedEndDate().minusDays(days - 1L);
    }
}
