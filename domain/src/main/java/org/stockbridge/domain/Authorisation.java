package org.stockbridge.domain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Permission to use a product in one jurisdiction, on one basis, for a period. Open-ended at either side when a date
 * is null.
 */
public record Authorisation(Jurisdiction jurisdiction, AuthorisationBasis basis, String reference,
                            LocalDate validFrom, LocalDate validTo) {

    public Authorisation {
        Objects.requireNonNull(jurisdiction, "jurisdiction must not be null");
        Objects.requireNonNull(basis, "basis must not be null");
        if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
            throw new IllegalArgumentException("validTo must not be before validFrom");
        }
    }

    public boolean isValidOn(LocalDate day) {
        Objects.requireNonNull(day, "day must not be null");
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }
}
