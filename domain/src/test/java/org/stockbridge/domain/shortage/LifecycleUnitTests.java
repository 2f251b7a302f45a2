package org.stockbridge.domain.shortage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleUnitTests {

    @ParameterizedTest
    @CsvSource({"active_confirmed, ACTIVE", "Actual shortage, ACTIVE", "anticipated_shortage, ANTICIPATED",
            "Anticipated shortage, ANTICIPATED", "avoided_shortage, AVOIDED", "Avoided shortage, AVOIDED",
            "resolved, RESOLVED", "Resolved, RESOLVED", "to_be_discontinued, TO_BE_DISCONTINUED",
            "To be discontinued, TO_BE_DISCONTINUED", "discontinued, DISCONTINUED", "Discontinued, DISCONTINUED",
            "reversed, REVERSED"})
    void every_dsc_api_code_and_display_label_maps_to_one_lifecycle(String status, Lifecycle expected) {
        assertThat(Lifecycle.ofDsc(status)).isEqualTo(expected);
    }

    @Test
    void a_dsc_display_label_is_kept_as_its_api_code() {
        assertThat(DscStatus.of("Actual shortage").code()).isEqualTo("active_confirmed");
        assertThat(DscStatus.of("To be discontinued").code()).isEqualTo("to_be_discontinued");
    }

    @ParameterizedTest
    @CsvSource({"Current, ACTIVE", "To Be Discontinued, TO_BE_DISCONTINUED", "Resolved, RESOLVED"})
    void fda_statuses_map_to_the_lifecycle(String status, Lifecycle expected) {
        assertThat(Lifecycle.ofFda(status)).isEqualTo(expected);
    }

    @Test
    void an_unknown_status_is_refused_with_the_known_ones_named() {
        assertThatThrownBy(() -> Lifecycle.ofDsc("pending")).hasMessageContaining("pending")
                .hasMessageContaining("active_confirmed");
        assertThatThrownBy(() -> Lifecycle.ofFda("Gone")).hasMessageContaining("Current");
    }

    @Test
    void a_voluntary_era_record_of_a_discontinued_product_ends_discontinued() {
        assertThat(Lifecycle.ofVoluntary("Resolved", true)).isEqualTo(Lifecycle.DISCONTINUED);
        assertThat(Lifecycle.ofVoluntary("Current", false)).isEqualTo(Lifecycle.ACTIVE);
    }

    @Test
    void a_report_is_outstanding_while_open_or_once_its_product_is_discontinued() {
        assertThat(Lifecycle.outstandingOnes()).containsExactly(Lifecycle.ANTICIPATED, Lifecycle.ACTIVE,
                Lifecycle.TO_BE_DISCONTINUED, Lifecycle.DISCONTINUED);
        assertThat(Lifecycle.DISCONTINUED.open()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"AVOIDED", "RESOLVED", "REVERSED", "ARCHIVED"})
    void a_report_that_ended_without_a_discontinuation_is_no_longer_outstanding(Lifecycle lifecycle) {
        assertThat(lifecycle.outstanding()).isFalse();
    }
}
