package org.stockbridge.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorisationStatusUnitTests {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @Test
    void a_product_marketed_since_before_the_day_is_authorised_on_that_basis() {
        Authorisation marketed = new Authorisation(Jurisdiction.CA, AuthorisationBasis.MARKETED, "02241171",
                LocalDate.of(2001, 1, 1), null);

        AuthorisationStatus status = AuthorisationStatus.of(List.of(marketed), Jurisdiction.CA, DAY);

        assertThat(status.authorised()).isTrue();
        assertThat(status.current()).contains(marketed);
    }

    @Test
    void an_authorisation_in_the_other_country_does_not_count() {
        Authorisation marketed = new Authorisation(Jurisdiction.CA, AuthorisationBasis.MARKETED, "02241171", null, null);

        assertThat(AuthorisationStatus.of(List.of(marketed), Jurisdiction.US, DAY).state())
                .isEqualTo(AuthorisationStatus.State.NONE);
    }

    @Test
    void an_emergency_use_authorisation_that_was_revoked_has_lapsed() {
        Authorisation eua = new Authorisation(Jurisdiction.US, AuthorisationBasis.EUA, "EUA 104",
                LocalDate.of(2021, 12, 8), LocalDate.of(2023, 1, 26));

        assertThat(AuthorisationStatus.of(List.of(eua), Jurisdiction.US, DAY).state())
                .isEqualTo(AuthorisationStatus.State.LAPSED);
        assertThat(AuthorisationStatus.of(List.of(eua), Jurisdiction.US, LocalDate.of(2022, 3, 1)).authorised()).isTrue();
    }

    @Test
    void an_importation_that_starts_later_is_not_yet_in_force() {
        Authorisation later = new Authorisation(Jurisdiction.US, AuthorisationBasis.TEMPORARY_IMPORTATION, "x",
                DAY.plusDays(10), DAY.plusDays(100));

        assertThat(AuthorisationStatus.of(List.of(later), Jurisdiction.US, DAY).state())
                .isEqualTo(AuthorisationStatus.State.NOT_YET);
    }

    @Test
    void the_validity_period_is_inclusive_at_both_ends() {
        Authorisation window = new Authorisation(Jurisdiction.US, AuthorisationBasis.EUA, "x", DAY, DAY);

        assertThat(window.isValidOn(DAY)).isTrue();
        assertThat(window.isValidOn(DAY.plusDays(1))).isFalse();
    }

    @Test
    void a_period_that_ends_before_it_starts_is_refused() {
        assertThatThrownBy(() -> new Authorisation(Jurisdiction.US, AuthorisationBasis.EUA, "x", DAY, DAY.minusDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validTo must not be before validFrom");
    }

    @Test
    void enumerations_parse_case_insensitively_and_name_the_allowed_values_when_wrong() {
        assertThat(Jurisdiction.parse("ca")).isEqualTo(Jurisdiction.CA);
        assertThatThrownBy(() -> Jurisdiction.parse("MX"))
                .hasMessage("jurisdiction must be one of [US, CA], was MX");
    }
}
