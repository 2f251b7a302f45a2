package org.stockbridge.domain;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a product may be used in a jurisdiction on a given day, and on which basis.
 *
 * @param state   AUTHORISED, NOT_YET (an authorisation starts later), LAPSED (every authorisation has ended) or NONE
 * @param current the authorisation in force (the one valid longest when several are), if any
 */
public record AuthorisationStatus(Jurisdiction jurisdiction, State state, Optional<Authorisation> current) {

    public enum State { AUTHORISED, NOT_YET, LAPSED, NONE }

    public static AuthorisationStatus of(List<Authorisation> authorisations, Jurisdiction jurisdiction, LocalDate day) {
        Objects.requireNonNull(authorisations, "authorisations must not be null");
        List<Authorisation> mine = authorisations.stream().filter(a -> a.jurisdiction() == jurisdiction).toList();
        Optional<Authorisation> valid = mine.stream()
                .filter(a -> a.isValidOn(day))
                .max(Comparator.comparing(a -> a.validTo() == null ? LocalDate.MAX : a.validTo()));
        if (valid.isPresent()) {
            return new AuthorisationStatus(jurisdiction, State.AUTHORISED, valid);
        }
        if (mine.stream().anyMatch(a -> a.validFrom() != null && a.validFrom().isAfter(day))) {
            return new AuthorisationStatus(jurisdiction, State.NOT_YET, Optional.empty());
        }
        return new AuthorisationStatus(jurisdiction, mine.isEmpty() ? State.NONE : State.LAPSED, Optional.empty());
    }

    public boolean authorised() {
        return state == State.AUTHORISED;
    }
}
