package org.stockbridge.forecasting.demand;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;

/**
 * The observed daily consumption of one (site, product): what the ledger issued each day, day 0 being {@code start}.
 *
 * @param daily units issued per day, zero-filled; never negative
 */
public record DemandSeries(Key key, Attributes attributes, LocalDate start, double[] daily) {

    /** Which (site, product) a series is. */
    public record Key(String site, String product) {

        public Key {
            Objects.requireNonNull(site, "site must not be null");
            Objects.requireNonNull(product, "product must not be null");
        }

        @Override
        public String toString() {
            return site + "/" + product;
        }
    }

    /**
     * What is known about a series beside its history: the features a global model shares across series.
     *
     * @param region      the HHS region or province (keys the hospital census driver)
     * @param respiratory whether the product follows the winter respiratory season
     */
    public record Attributes(Jurisdiction jurisdiction, String region, SiteKind siteKind, ProductKind productKind,
                             boolean respiratory) {

        public Attributes {
            Objects.requireNonNull(jurisdiction, "jurisdiction must not be null");
            Objects.requireNonNull(region, "region must not be null");
            Objects.requireNonNull(siteKind, "siteKind must not be null");
            Objects.requireNonNull(productKind, "productKind must not be null");
        }

        public boolean depot() {
            return siteKind == SiteKind.NATIONAL || siteKind == SiteKind.REGIONAL || siteKind == SiteKind.PROVINCIAL
                    || siteKind == SiteKind.STATE;
        }
    }

    public DemandSeries {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(attributes, "attributes must not be null");
        Objects.requireNonNull(start, "start must not be null");
        Objects.requireNonNull(daily, "daily must not be null");
        for (double value : daily) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("daily consumption of " + key + " must be non-negative, was "
                        + value);
            }
        }
    }

    public int length() {
        return daily.length;
    }

    public LocalDate date(int index) {
        return start.plusDays(index);
    }

    /** The index of a date, which may lie outside the series. */
    public int index(LocalDate date) {
        return (int) ChronoUnit.DAYS.between(start, date);
    }

    public LocalDate end() {
        return start.plusDays(daily.length - 1L);
    }

    /** The series cut so that {@code asOf} is its last day: only what was known then. */
    public DemandSeries asOf(LocalDate asOf) {
        int last = Math.min(daily.length - 1, index(asOf));
        if (last < 0) {
            throw new IllegalArgumentException("series " + key + " starts on " + start + ", after " + asOf);
        }
        return new DemandSeries(key, attributes, start, Arrays.copyOf(daily, last + 1));
    }

    /** The mean daily consumption over days {@code from..to} inclusive (clipped to the series); NaN when empty. */
    public double mean(int from, int to) {
        int a = Math.max(0, from);
        int b = Math.min(daily.length - 1, to);
        if (b < a) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = a; i <= b; i++) {
            sum += daily[i];
        }
        return sum / (b - a + 1);
    }
}
