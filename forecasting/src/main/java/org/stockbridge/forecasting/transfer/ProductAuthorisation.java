package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A product's authorisation in a jurisdiction: {@code MARKETED}, {@code EXCEPTIONAL_IMPORTATION} (Health Canada's List
 * of Drugs for Exceptional Importation and Sale), {@code TEMPORARY_IMPORTATION} (FDA) or {@code EUA}, valid from and
 * to the given dates (either open when {@code null}).
 */
public record ProductAuthorisation(long productId, String jurisdiction, String basis, LocalDate validFrom,
                            LocalDate validTo) {

    public ProductAuthorisation {
        Objects.requireNonNull(jurisdiction, "jurisdiction must not be null");
        Objects.requireNonNull(basis, "basis must not be null");
    }

    /** Whether it authorises the product in {@code where} on {@code day}. */
    public boolean validIn(String where, java.time.LocalDate day) {
        return jurisdiction.equals(where) && (validFrom == null || !day.isBefore(validFrom))
                && (validTo == null || !day.isAfter(validTo));
    }
}
