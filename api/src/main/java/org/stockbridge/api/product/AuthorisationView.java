package org.stockbridge.api.product;

import java.time.LocalDate;
import java.util.List;
import org.stockbridge.domain.Authorisation;
import org.stockbridge.domain.AuthorisationStatus;
import org.stockbridge.domain.Jurisdiction;

/** Whether a product may be used in one jurisdiction on the {@code asOf} day, and on which basis. */
record AuthorisationView(String jurisdiction, String status, boolean authorised, String basis, String reference,
                         LocalDate validFrom, LocalDate validTo, LocalDate asOf) {

    static List<AuthorisationView> forEachJurisdiction(List<Authorisation> authorisations, LocalDate asOf) {
        return java.util.Arrays.stream(Jurisdiction.values())
                .map(j -> from(AuthorisationStatus.of(authorisations, j, asOf), asOf))
                .toList();
    }

    private static AuthorisationView from(AuthorisationStatus status, LocalDate asOf) {
        return status.current()
                .map(a -> new AuthorisationView(status.jurisdiction().name(), status.state().name(), true,
                        a.basis().name(), a.reference(), a.validFrom(), a.validTo(), asOf))
                .orElseGet(() -> new AuthorisationView(status.jurisdiction().name(), status.state().name(), false,
                        null, null, null, null, asOf));
    }
}
